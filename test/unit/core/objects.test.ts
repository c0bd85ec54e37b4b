import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../helpers/workspace';

describe('object store', () => {
  it('stores bytes under their SHA-256 and leaves nothing in tmp/', () => {
    const ws = tempWorkspace();
    const bytes = new TextEncoder().encode('a,b\n1,2\n');
    const obj = ws.objects.put(bytes, 'text/csv');
    expect(obj.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const path = ws.objects.pathOf(obj.sha256);
    expect(path).toBe(join(ws.dir, 'objects', 'sha256', obj.sha256.slice(0, 2), obj.sha256.slice(2)));
    expect(readFileSync(path, 'utf8')).toBe('a,b\n1,2\n');
    expect(readdirSync(join(ws.dir, 'tmp'))).toEqual([]);
    expect(ws.db.prepare('SELECT size, media_type FROM objects WHERE sha256 = ?').get(obj.sha256)).toEqual({ size: 8, media_type: 'text/csv' });
  });

  it('stores the same bytes once', () => {
    const ws = tempWorkspace();
    const a = ws.objects.put(Buffer.from('same'), 'text/plain');
    const b = ws.objects.put(Buffer.from('same'), 'text/plain');
    expect(a.sha256).toBe(b.sha256);
    expect(ws.db.prepare('SELECT count(*) AS n FROM objects').get()).toEqual({ n: 1 });
    expect(ws.objects.read(a.sha256).toString()).toBe('same');
  });

  it('refuses ids that are not hashes, so no path can leave the store', () => {
    const ws = tempWorkspace();
    expect(() => ws.objects.pathOf('../../etc/passwd')).toThrowError(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => ws.objects.read('0'.repeat(64))).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
