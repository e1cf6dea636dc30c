import { describe, it, expect } from 'vitest';
import { openDatabase, withSharedBuffers } from './client.ts';

describe('embedded memory: PGlite shared buffers', () => {
  it('replaces the built-in argument in place, NUL-padded, and leaves other bytes alone', () => {
    const bytes = Buffer.from('xx shared_buffers=128MB\0yy');
    const out = withSharedBuffers(Buffer.from(bytes), 32);
    expect(out.toString('latin1')).toBe('xx shared_buffers=32MB\0\0yy');
    expect(out.length).toBe(bytes.length);
    // Not found, or found twice: unchanged.
    expect(withSharedBuffers(Buffer.from('nothing here'), 32).toString()).toBe('nothing here');
    const twice = 'shared_buffers=128MB shared_buffers=128MB';
    expect(withSharedBuffers(Buffer.from(twice), 32).toString()).toBe(twice);
  });

  it('an embedded database runs with 32 MB of shared buffers by default', async () => {
    const database = await openDatabase({ memory: true });
    try {
      expect(await database.query('SHOW shared_buffers')).toEqual([{ shared_buffers: '32MB' }]);
    } finally {
      await database.close();
    }
  }, 60_000);
});
