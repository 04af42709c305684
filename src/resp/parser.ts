/**
 * Streaming parser for client requests: RESP2 multibulk (`*N\r\n$len\r\n...`) and inline commands
 * (`PING\r\n`, with redis-cli style quoting). Bytes arrive in arbitrary chunks; the parser keeps the
 * unconsumed tail and resumes exactly where it stopped, so a request may be split at any byte.
 *
 * Arguments are produced as latin1 strings: one JS char per byte, so every byte value survives and
 * lengths equal byte counts. A bulk string larger than BIG_BULK_BYTES that spans reads is not
 * re-concatenated on every chunk: its chunks are parked in a list and joined once, when complete,
 * which keeps a 100 MB argument linear. Nothing is allocated for an announced length up front.
 *
 * Protocol errors carry Redis's exact wording; after one, the parser stops for good (the connection
 * is closed once the error reply has been written).
 */
import { splitArgs } from '../util/splitargs';
import type { LatinBuffer } from './writer';

/** Longest inline request or `*`/`$` header line accepted without a newline (Redis's PROTO_INLINE_MAX_SIZE). */
export const PROTO_INLINE_MAX_SIZE = 64 * 1024;
/** Bulk strings at least this long that span reads are accumulated in parked chunks. */
const BIG_BULK_BYTES = 32 * 1024;

const CR = 13;
const LF = 10;
const STAR = 42;
const DOLLAR = 36;
const EMPTY = Buffer.alloc(0);

export interface ParserLimits {
  /** proto-max-bulk-len: longest bulk string a client may send, bytes. */
  maxBulkLen: number;
  /** When set, requests from an unauthenticated client are held to Redis's small limits. */
  authRequired: boolean;
}

export interface RequestSink {
  /** A complete request. The array is owned by the callee. */
  onRequest(argv: string[]): void;
  /** A protocol error: the message is the error reply without its leading '-' and CRLF. */
  onProtocolError(message: string): void;
}

export class RequestParser {
  /** Unconsumed input is buf[pos..]. */
  private buf: Buffer = EMPTY;
  private pos = 0;
  /** Arguments still expected in the current multibulk request; 0 between requests. */
  private argsLeft = 0;
  private argv: string[] = [];
  /** Length of the bulk string being read, or -1 while its `$len` line is expected. */
  private bulkLen = -1;
  /** Chunks of a big bulk string waiting to be complete; parkedBytes counts them. */
  private parked: Buffer[] = [];
  private parkedBytes = 0;
  /** Set by the sink to stop after the current request (blocked client, closing); see resume(). */
  paused = false;
  private failed = false;

  constructor(private readonly sink: RequestSink, public limits: ParserLimits) {}

  /** Bytes received but not yet turned into requests (Redis's query buffer). */
  get pendingBytes(): number {
    return this.buf.length - this.pos + this.parkedBytes;
  }

  feed(chunk: Buffer): void {
    if (this.failed) return;
    if (this.parked.length > 0) {
      this.parked.push(chunk);
      this.parkedBytes += chunk.length;
      if (this.parkedBytes < this.bulkLen + 2) return;
      this.buf = Buffer.concat(this.parked, this.parkedBytes);
      this.pos = 0;
      this.parked = [];
      this.parkedBytes = 0;
    } else if (this.pos >= this.buf.length) {
      this.buf = chunk;
      this.pos = 0;
    } else {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
      this.pos = 0;
    }
    this.drain();
  }

  /** Continues after `paused` was cleared, with input already buffered. */
  resume(): void {
    this.paused = false;
    if (!this.failed) this.drain();
  }

  private drain(): void {
    const buf = this.buf;
    while (!this.paused && !this.failed) {
      if (this.argsLeft === 0) {
        if (this.pos >= buf.length) break;
        if (buf[this.pos] === STAR) {
          if (!this.readMultibulkHeader(buf)) break;
        } else if (!this.readInline(buf)) {
          break;
        }
        continue;
      }
      if (this.bulkLen < 0 && !this.readBulkHeader(buf)) break;
      const need = this.bulkLen + 2;
      const avail = buf.length - this.pos;
      if (avail < need) {
        if (need >= BIG_BULK_BYTES && avail > 0) {
          this.parked.push(buf.subarray(this.pos));
          this.parkedBytes = avail;
          this.buf = EMPTY;
          this.pos = 0;
          return;
        }
        break;
      }
      this.argv.push((buf as LatinBuffer).latin1Slice(this.pos, this.pos + this.bulkLen));
      this.pos += need;
      this.bulkLen = -1;
      if (--this.argsLeft === 0) this.emit();
    }
    if (this.pos >= this.buf.length) {
      this.buf = EMPTY;
      this.pos = 0;
    }
  }

  private emit(): void {
    const argv = this.argv;
    this.argv = [];
    this.sink.onRequest(argv);
  }

  private fail(message: string): void {
    this.failed = true;
    this.buf = EMPTY;
    this.pos = 0;
    this.parked = [];
    this.parkedBytes = 0;
    this.sink.onProtocolError(message);
  }

  /** Index of the CR ending the header line at pos, -1 when the line is not complete yet. */
  private headerEnd(buf: Buffer, tooBig: string): number {
    const cr = buf.indexOf(CR, this.pos);
    if (cr < 0 || cr + 1 >= buf.length) {
      if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) this.fail(tooBig);
      return -1;
    }
    return cr;
  }

  private readMultibulkHeader(buf: Buffer): boolean {
    const cr = this.headerEnd(buf, 'Protocol error: too big mbulk count string');
    if (cr < 0) return false;
    const count = parseLongLong(buf, this.pos + 1, cr);
    if (count === null || count > 2147483647) {
      this.fail('Protocol error: invalid multibulk length');
      return false;
    }
    if (count > 10 && this.limits.authRequired) {
      this.fail('Protocol error: unauthenticated multibulk length');
      return false;
    }
    this.pos = cr + 2;
    if (count > 0) {
      this.argsLeft = count;
      this.bulkLen = -1;
    }
    return true;
  }

  private readBulkHeader(buf: Buffer): boolean {
    const cr = this.headerEnd(buf, 'Protocol error: too big bulk count string');
    if (cr < 0) return false;
    if (buf[this.pos] !== DOLLAR) {
      this.fail(`Protocol error: expected '$', got '${String.fromCharCode(buf[this.pos])}'`);
      return false;
    }
    const len = parseLongLong(buf, this.pos + 1, cr);
    if (len === null || len < 0 || len > this.limits.maxBulkLen) {
      this.fail('Protocol error: invalid bulk length');
      return false;
    }
    if (len > 16384 && this.limits.authRequired) {
      this.fail('Protocol error: unauthenticated bulk length');
      return false;
    }
    this.bulkLen = len;
    this.pos = cr + 2;
    return true;
  }

  private readInline(buf: Buffer): boolean {
    const lf = buf.indexOf(LF, this.pos);
    if (lf < 0) {
      if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) this.fail('Protocol error: too big inline request');
      return false;
    }
    const end = lf > this.pos && buf[lf - 1] === CR ? lf - 1 : lf;
    const line = buf.toString('latin1', this.pos, end);
    this.pos = lf + 1;
    const argv = splitArgs(line);
    if (argv === null) {
      this.fail('Protocol error: unbalanced quotes in request');
      return false;
    }
    if (argv.length > 0) this.sink.onRequest(argv);
    return true;
  }
}

/**
 * Redis's string2ll over buf[start..end): optional '-', no '+', no leading zeros, no spaces.
 * Returns null when the text is not such an integer or does not fit a safe JS integer.
 */
export function parseLongLong(buf: Buffer, start: number, end: number): number | null {
  if (start >= end) return null;
  let i = start;
  let negative = false;
  if (buf[i] === 45) {
    negative = true;
    i++;
    if (i >= end) return null;
  }
  if (buf[i] === 48) return end - i === 1 && !negative ? 0 : null;
  let n = 0;
  for (; i < end; i++) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  if (n > Number.MAX_SAFE_INTEGER) return null;
  return negative ? -n : n;
}
