/**
 * A raw RESP client for byte-exact tests: it sends commands (or arbitrary bytes) and returns each
 * reply as the exact bytes the server sent, split at reply boundaries by replyLength().
 */
import * as net from 'node:net';

/** Encodes a command as a RESP2 multibulk request. */
export function encodeCommand(args: ReadonlyArray<string | Buffer>): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = typeof a === 'string' ? Buffer.from(a, 'latin1') : a;
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** Length in bytes of the complete reply at buf[pos..], or -1 when it is not complete yet. */
export function replyLength(buf: Buffer, pos = 0): number {
  if (pos >= buf.length) return -1;
  const lineEnd = buf.indexOf('\r\n', pos);
  if (lineEnd < 0) return -1;
  const type = String.fromCharCode(buf[pos]);
  const header = buf.toString('latin1', pos + 1, lineEnd);
  const afterHeader = lineEnd + 2 - pos;
  switch (type) {
    case '+':
    case '-':
    case ':':
    case '_':
    case ',':
    case '#':
    case '(':
      return afterHeader;
    case '$':
    case '=':
    case '!': {
      const n = Number(header);
      if (n < 0) return afterHeader;
      return buf.length - pos >= afterHeader + n + 2 ? afterHeader + n + 2 : -1;
    }
    case '*':
    case '~':
    case '>':
    case '%':
    case '|': {
      let n = Number(header);
      if (n < 0) return afterHeader;
      if (type === '%' || type === '|') n *= 2;
      let len = afterHeader;
      for (let i = 0; i < n; i++) {
        const l = replyLength(buf, pos + len);
        if (l < 0) return -1;
        len += l;
      }
      if (type === '|') {
        const l = replyLength(buf, pos + len);
        return l < 0 ? -1 : len + l;
      }
      return len;
    }
    default:
      throw new Error(`not a RESP reply: ${JSON.stringify(buf.toString('latin1', pos, Math.min(buf.length, pos + 40)))}`);
  }
}

export class RawClient {
  private buf = Buffer.alloc(0);
  /** Chunks received since buf was last assembled, and how many bytes a reply needs at least. */
  private chunks: Buffer[] = [];
  private chunkBytes = 0;
  private need = 0;
  private waiters: Array<(reply: Buffer) => void> = [];
  private closedWaiters: Array<() => void> = [];
  closed = false;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (d) => {
      this.chunks.push(d);
      this.chunkBytes += d.length;
      if (this.buf.length + this.chunkBytes >= this.need) this.pump();
    });
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.closedWaiters) w();
    });
    socket.on('error', () => {});
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  /** Joins pending chunks once, not on every read, so a 100 MB reply is copied only a few times. */
  private assemble(): void {
    if (this.chunks.length === 0) return;
    this.buf = Buffer.concat([this.buf, ...this.chunks]);
    this.chunks = [];
    this.chunkBytes = 0;
  }

  private pump(): void {
    this.assemble();
    while (this.waiters.length > 0) {
      const len = replyLength(this.buf);
      if (len < 0) {
        const bulk = /^\$(\d+)\r\n/.exec(this.buf.toString('latin1', 0, Math.min(this.buf.length, 24)));
        this.need = bulk ? bulk[0].length + Number(bulk[1]) + 2 : this.buf.length + 1;
        return;
      }
      this.need = 0;
      const reply = this.buf.subarray(0, len);
      this.buf = this.buf.subarray(len);
      this.waiters.shift()!(Buffer.from(reply));
    }
  }

  /** The next reply's raw bytes. */
  read(timeoutMs = 10000): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a reply')), timeoutMs);
      this.waiters.push((r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.pump();
    });
  }

  write(data: Buffer | string): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Sends one command and returns its reply as a latin1 string of the raw bytes. */
  async call(...args: Array<string | Buffer>): Promise<string> {
    this.write(encodeCommand(args));
    return (await this.read()).toString('latin1');
  }

  /** Resolves when the server closes the connection. */
  waitClosed(timeoutMs = 5000): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('connection was not closed')), timeoutMs);
      this.closedWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Bytes received and not consumed by read(). */
  pending(): string {
    this.assemble();
    return this.buf.toString('latin1');
  }

  close(): void {
    this.socket.destroy();
  }
}
