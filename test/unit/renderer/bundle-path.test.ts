/** Where the export dialog suggests writing a bundle: beside the workspace's data, with its own path separator. */
import { describe, expect, it } from 'vitest';
import { suggestedPath } from '../../../renderer/src/stages/deploy/bundleText';

describe('suggested bundle path', () => {
  it('puts a zip or a folder under the workspace, in the workspace path’s own style', () => {
    expect(suggestedPath('/home/ana/Gyre', 'churn', 2, 'zip')).toBe('/home/ana/Gyre/bundles/churn-2.zip');
    expect(suggestedPath('/home/ana/Gyre/', 'churn', 2, 'folder')).toBe('/home/ana/Gyre/bundles/churn-2');
    expect(suggestedPath('C:\\Users\\ana\\Gyre', 'churn', 3, 'zip')).toBe('C:\\Users\\ana\\Gyre\\bundles\\churn-3.zip');
  });
});
