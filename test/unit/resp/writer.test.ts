/**
 * The reply writer's bulk strings: from a string and from bytes copied out of a buffer (the key
 * table's inline values) must give the same RESP bytes, whatever the length (short byte loop,
 * longer copies, lengths with and without prebuilt headers) and across chunk boundaries.
 */
import { describe, expect, it } from 'vitest';
import { ReplyWriter } from '../../../src/resp/writer';

function taken(w: ReplyWriter): string {
  return Buffer.concat(w.take() ?? []).toString('latin1');
}

describe('ReplyWriter bulk replies', () => {
  it('writes the same bytes from a string and from a span of a buffer', () => {
    for (const n of [0, 1, 31, 32, 33, 255, 256, 1000, 5000]) {
      let s = '';
      for (let i = 0; i < n; i++) s += String.fromCharCode((i * 37) % 256);
      const src = Buffer.from('xx' + s + 'yy', 'latin1');
      const a = new ReplyWriter();
      a.bulk(s);
      const b = new ReplyWriter();
      b.bulkBytes(src, 2, 2 + n);
      const expected = `$${n}\r\n${s}\r\n`;
      expect(taken(a)).toBe(expected);
      expect(taken(b)).toBe(expected);
    }
  });

  it('keeps order across chunk boundaries', () => {
    const w = new ReplyWriter();
    const value = Buffer.alloc(200, 'v');
    let expected = '';
    for (let i = 0; i < 1000; i++) {
      w.bulkBytes(value, 0, 200);
      w.bulk(String(i));
      expected += `$200\r\n${'v'.repeat(200)}\r\n$${String(i).length}\r\n${i}\r\n`;
    }
    expect(taken(w)).toBe(expected);
  });
});
