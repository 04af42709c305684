/**
 * Decodes raw RESP2/RESP3 reply bytes into plain values for tests that compare the structure of a
 * reply rather than its bytes: aggregates become arrays (maps become arrays of [key, value] pairs),
 * strings stay latin1 strings, numbers numbers, nulls null, errors `{ error }`.
 */
import { replyLength } from './raw';

export type Decoded = string | number | boolean | null | { error: string } | Decoded[];

export function decodeReply(raw: string | Buffer): Decoded {
  const buf = typeof raw === 'string' ? Buffer.from(raw, 'latin1') : raw;
  const [value, end] = decodeAt(buf, 0);
  if (end !== buf.length) throw new Error(`trailing bytes after a reply at ${end}`);
  return value;
}

function decodeAt(buf: Buffer, pos: number): [Decoded, number] {
  const lineEnd = buf.indexOf('\r\n', pos);
  const type = String.fromCharCode(buf[pos]);
  const header = buf.toString('latin1', pos + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return [header, next];
    case '-':
      return [{ error: header }, next];
    case ':':
      return [Number(header), next];
    case ',':
      return [Number(header), next];
    case '#':
      return [header === 't', next];
    case '_':
      return [null, next];
    case '$':
    case '=': {
      const n = Number(header);
      if (n < 0) return [null, next];
      return [buf.toString('latin1', next, next + n), next + n + 2];
    }
    case '*':
    case '~':
    case '>':
    case '%': {
      const n = Number(header);
      if (n < 0) return [null, next];
      const out: Decoded[] = [];
      let p = next;
      for (let i = 0; i < n; i++) {
        if (type === '%') {
          const [k, p1] = decodeAt(buf, p);
          const [v, p2] = decodeAt(buf, p1);
          out.push([k, v]);
          p = p2;
        } else {
          const [v, p1] = decodeAt(buf, p);
          out.push(v);
          p = p1;
        }
      }
      return [out, p];
    }
    default:
      throw new Error(`cannot decode reply type ${type} (length ${replyLength(buf, pos)})`);
  }
}
