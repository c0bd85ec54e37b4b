/** A model card's file names: NAME@VERSION kept readable, anything a file system may refuse replaced. */
import { describe, expect, it } from 'vitest';
import { CARD_FILE_TYPES, cardFileName } from '../../../renderer/src/stages/evaluate/modelCardFiles';

describe('model card files', () => {
  it('names the file after the version, in the format asked', () => {
    expect(cardFileName('churn@3', 'md')).toBe('churn@3-model-card.md');
    expect(cardFileName('churn.v2@1', 'html')).toBe('churn.v2@1-model-card.html');
  });

  it('replaces path separators and other unsafe characters, and never starts with a dot', () => {
    expect(cardFileName('../etc/passwd@1', 'md')).toBe('_etc_passwd@1-model-card.md');
    expect(cardFileName('a b:c\\d', 'md')).toBe('a_b_c_d-model-card.md');
    expect(cardFileName('', 'html')).toBe('model-model-card.html');
  });

  it('declares UTF-8 text types for both formats', () => {
    expect(CARD_FILE_TYPES).toEqual({ md: 'text/markdown;charset=utf-8', html: 'text/html;charset=utf-8' });
  });
});
