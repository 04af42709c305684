/**
 * Reply writer: encodes RESP2 or RESP3 replies into one client's output. Replies accumulate in a
 * large chunk; take() hands the bytes written since the last take() to the connection, which sends
 * them in one socket write per batch of commands. A taken region is never written again, so the
 * chunk is reused across batches and only replaced when full. Strings are latin1 (one char per byte).
 *
 * RESP3 types degrade to their RESP2 forms as Redis does: maps become flat arrays, sets and pushes
 * arrays, doubles bulk strings, booleans integers, nulls `$-1` or `*-1`.
 */
import { formatDouble } from './numbers';

const CHUNK_BYTES = 64 * 1024;
/** Strings at least this long are handed to the socket as their own buffer instead of copied. */
const LARGE_STRING = 16 * 1024;

/** Strings up to this length are copied byte by byte. */
const SHORT_STRING = 32;

/** Node's Buffer has latin1Write/latin1Slice without toString/write's argument decoding. */
export type LatinBuffer = Buffer & { latin1Write(s: string, offset: number): number; latin1Slice(start: number, end: number): string };

const CRLF = '\r\n';
const OK = Buffer.from('+OK\r\n');
/** Status replies common enough to keep encoded: PING's, MULTI's queueing, RESET's. */
const PREBUILT_SIMPLE = new Map(['OK', 'PONG', 'QUEUED', 'RESET'].map((w) => [w, Buffer.from(`+${w}\r\n`)]));
const NULL_BULK = Buffer.from('$-1\r\n');
const NULL_ARRAY = Buffer.from('*-1\r\n');
const NULL3 = Buffer.from('_\r\n');
const SMALL_INT_COUNT = 1024;
const SMALL_INTS: Buffer[] = [];
const BULK_HEADERS: Buffer[] = [];
const ARRAY_HEADERS: Buffer[] = [];
for (let i = 0; i < SMALL_INT_COUNT; i++) {
  SMALL_INTS.push(Buffer.from(`:${i}\r\n`));
  BULK_HEADERS.push(Buffer.from(`$${i}\r\n`));
  ARRAY_HEADERS.push(Buffer.from(`*${i}\r\n`));
}

export type Protocol = 2 | 3;

/** Where error replies are counted (total_error_replies and errorstats). */
export interface ErrorSink {
  errorReplied(code: string): void;
}

export class ReplyWriter {
  proto: Protocol = 2;
  /** Error replies written so far; the dispatcher compares it around a call to see failures. */
  errorCount = 0;
  /** First word of the last error reply (ERR, WRONGTYPE, ...), for errorstats. */
  lastErrorCode = '';

  constructor(private readonly errors?: ErrorSink) {}

  private chunk: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  /** Bytes of chunk already handed out by take(). */
  private start = 0;
  /** Bytes of chunk written. */
  private used = 0;
  /** Sealed output waiting for take(), in order, before chunk[start..used]. */
  private sealed: Buffer[] = [];
  private sealedBytes = 0;

  /** Bytes written and not yet taken. */
  get pendingBytes(): number {
    return this.sealedBytes + this.used - this.start;
  }

  /** Returns the output written since the last call, in order, or null when there is none. */
  take(): Buffer[] | null {
    if (this.used === this.start && this.sealed.length === 0) return null;
    const out = this.sealed;
    if (this.used > this.start) out.push(this.chunk.subarray(this.start, this.used));
    this.start = this.used;
    this.sealed = [];
    this.sealedBytes = 0;
    return out;
  }

  /** Drops everything not yet taken (a client being closed). */
  discard(): void {
    this.sealed = [];
    this.sealedBytes = 0;
    this.start = this.used;
  }

  private seal(): void {
    if (this.used > this.start) {
      const region = this.chunk.subarray(this.start, this.used);
      this.sealed.push(region);
      this.sealedBytes += region.length;
    }
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.start = 0;
    this.used = 0;
  }

  raw(buf: Buffer): void {
    if (buf.length >= LARGE_STRING) {
      this.seal();
      this.sealed.push(buf);
      this.sealedBytes += buf.length;
      return;
    }
    if (this.used + buf.length > CHUNK_BYTES) this.seal();
    this.used += buf.copy(this.chunk, this.used);
  }

  /** Writes a latin1 string verbatim. */
  ascii(s: string): void {
    const n = s.length;
    if (n >= LARGE_STRING) {
      this.raw(Buffer.from(s, 'latin1'));
      return;
    }
    if (this.used + n > CHUNK_BYTES) this.seal();
    if (n <= SHORT_STRING) {
      // A byte loop beats the native write's call overhead for short strings (bench/micro.js).
      const chunk = this.chunk;
      let at = this.used;
      for (let i = 0; i < n; i++) chunk[at++] = s.charCodeAt(i);
      this.used = at;
    } else {
      this.used += (this.chunk as LatinBuffer).latin1Write(s, this.used);
    }
  }

  ok(): void {
    this.raw(OK);
  }

  simple(s: string): void {
    const prebuilt = PREBUILT_SIMPLE.get(s);
    if (prebuilt !== undefined) this.raw(prebuilt);
    else this.ascii('+' + s + CRLF);
  }

  /** An error reply; msg starts with its code ("ERR ...", "WRONGTYPE ..."). CR and LF become spaces. */
  error(msg: string): void {
    if (msg.indexOf('\r') >= 0 || msg.indexOf('\n') >= 0) msg = msg.replace(/[\r\n]/g, ' ');
    this.errorCount++;
    const space = msg.indexOf(' ');
    this.lastErrorCode = space < 0 ? msg : msg.slice(0, space);
    this.errors?.errorReplied(this.lastErrorCode);
    this.ascii('-' + msg + CRLF);
  }

  /** An integer reply; a bigint carries values beyond 2^53 (Redis integers are 64-bit). */
  int(n: number | bigint): void {
    if (typeof n === 'number' && n >= 0 && n < SMALL_INT_COUNT && Number.isInteger(n)) this.raw(SMALL_INTS[n]);
    else this.ascii(':' + String(n) + CRLF);
  }

  bulk(s: string): void {
    const n = s.length;
    if (n < SMALL_INT_COUNT) this.raw(BULK_HEADERS[n]);
    else this.ascii('$' + n + CRLF);
    this.ascii(s);
    this.ascii(CRLF);
  }

  /** A bulk string of the bytes [start, end) of src. */
  bulkBytes(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (n < SMALL_INT_COUNT) this.raw(BULK_HEADERS[n]);
    else this.ascii('$' + n + CRLF);
    if (this.used + n > CHUNK_BYTES) this.seal();
    const chunk = this.chunk;
    if (n <= SHORT_STRING) {
      let at = this.used;
      for (let i = start; i < end; i++) chunk[at++] = src[i];
      this.used = at;
    } else {
      chunk.set(src.subarray(start, end), this.used);
      this.used += n;
    }
    this.ascii(CRLF);
  }

  bulkBuffer(b: Buffer): void {
    this.ascii('$' + b.length + CRLF);
    this.raw(b);
    this.ascii(CRLF);
  }

  /** A bulk string or a null bulk. */
  bulkOrNull(s: string | undefined | null): void {
    if (s === undefined || s === null) this.nullBulk();
    else this.bulk(s);
  }

  nullBulk(): void {
    this.raw(this.proto === 3 ? NULL3 : NULL_BULK);
  }

  nullArray(): void {
    this.raw(this.proto === 3 ? NULL3 : NULL_ARRAY);
  }

  array(n: number): void {
    if (n < SMALL_INT_COUNT) this.raw(ARRAY_HEADERS[n]);
    else this.ascii('*' + n + CRLF);
  }

  /** A map of n pairs; RESP2 sees an array of 2n elements. */
  map(n: number): void {
    if (this.proto === 3) this.ascii('%' + n + CRLF);
    else this.array(2 * n);
  }

  set(n: number): void {
    if (this.proto === 3) this.ascii('~' + n + CRLF);
    else this.array(n);
  }

  push(n: number): void {
    if (this.proto === 3) this.ascii('>' + n + CRLF);
    else this.array(n);
  }

  double(d: number): void {
    const text = formatDouble(d);
    if (this.proto === 3) this.ascii(',' + text + CRLF);
    else this.bulk(text);
  }

  bool(b: boolean): void {
    if (this.proto === 3) this.ascii(b ? '#t\r\n' : '#f\r\n');
    else this.int(b ? 1 : 0);
  }

  /** Text for humans (INFO, CLIENT LIST): a verbatim string in RESP3, a bulk string in RESP2. */
  verbatim(text: string, format = 'txt'): void {
    if (this.proto === 3) {
      this.ascii('=' + (text.length + 4) + CRLF + format + ':');
      this.ascii(text);
      this.ascii(CRLF);
    } else {
      this.bulk(text);
    }
  }

  /** An array of bulk strings. */
  bulkArray(items: readonly string[]): void {
    this.array(items.length);
    for (let i = 0; i < items.length; i++) this.bulk(items[i]);
  }
}
