/**
 * Bitmap commands on string values: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD and
 * BITFIELD_RO, as Redis's bitops.c. Bits are numbered from the most significant bit of the first
 * byte; a missing key reads as zero bits. Ranges resolve as Redis does (negative indexes, BYTE or BIT
 * units, clamping) into one inclusive range of bit positions; writers grow the string with zero
 * bytes (lookupStringForBitCommand) and store it back through strings.ts's in-place path.
 */
import type { Client } from '../net/client';
import type { Entry } from '../store/db';
import type { CommandRow } from './types';
import { parseInteger } from './args';
import { SYNTAX_ERROR } from '../resp/replies';
import { NOTIFY_GENERIC, NOTIFY_STRING, notifyKeyspaceEvent } from './notify';
import { checkStringLength, int64Arg, intArg, markEncoding, readString, storeString, writeString } from './strings';


const BIT_OFFSET_ERROR = 'ERR bit offset is not an integer or out of range';
const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1];

/** Redis's getBitOffsetFromArgument (without the '#' form, which only BITFIELD takes). */
function bitOffsetArg(c: Client, text: string): number | null {
  const n = parseInteger(text);
  if (n === null || n < 0 || Math.floor(n / 8) >= c.server.parserLimits.maxBulkLen) {
    c.reply.error(BIT_OFFSET_ERROR);
    return null;
  }
  return n;
}

/**
 * Redis's lookupStringForBitCommand: the key's string zero-padded to hold bit `maxbit`, created if
 * missing; `dirty` when that created the key or grew its string. Null after an error reply.
 */
function lookupStringForBitCommand(c: Client, key: string, maxbit: number): { e: Entry | undefined; s: string; dirty: boolean } | null {
  const e = writeString(c, key);
  if (e === null) return null;
  let s = e === undefined ? '' : (e.value as string);
  const bytes = Math.floor(maxbit / 8) + 1;
  const grows = s.length < bytes;
  if (grows) {
    if (!checkStringLength(c, bytes - 1, 1)) return null;
    s += '\0'.repeat(bytes - s.length);
  }
  return { e, s, dirty: e === undefined || grows };
}

/** SETBIT key offset 0|1: the old bit. A bit set to its own value changes nothing and signals nothing. */
function setbit(c: Client, argv: string[]): void {
  const offset = bitOffsetArg(c, argv[2]);
  if (offset === null) return;
  if (argv[3] !== '0' && argv[3] !== '1') {
    c.reply.error('ERR bit is not an integer or out of range');
    return;
  }
  const found = lookupStringForBitCommand(c, argv[1], offset);
  if (found === null) return;
  const { e, s, dirty } = found;
  const byte = Math.floor(offset / 8);
  const mask = 1 << (7 - (offset & 7));
  const old = s.charCodeAt(byte);
  const next = argv[3] === '1' ? old | mask : old & ~mask;
  if (dirty || next !== old) {
    const stored = storeString(c, e, argv[1], s.slice(0, byte) + String.fromCharCode(next) + s.slice(byte + 1));
    markEncoding(stored, 'raw');
    notifyKeyspaceEvent(NOTIFY_STRING, 'setbit', argv[1], c.db.id);
  } else if (e !== undefined) {
    // Redis unshared the value to write it in place: it is raw now even though no bit changed.
    markEncoding(e, 'raw');
  }
  c.reply.int(old & mask ? 1 : 0);
}

function getbit(c: Client, argv: string[]): void {
  const offset = bitOffsetArg(c, argv[2]);
  if (offset === null) return;
  const e = readString(c, argv[1]);
  if (e === null) return;
  const s = e === undefined ? '' : (e.value as string);
  const byte = Math.floor(offset / 8);
  c.reply.int(byte < s.length && s.charCodeAt(byte) & (1 << (7 - (offset & 7))) ? 1 : 0);
}

/**
 * The range of BITCOUNT and BITPOS as Redis resolves it: start and end (bytes, or bits with BIT)
 * clamped into the string, as an inclusive range of bit positions; empty when lo > hi.
 */
interface BitRange {
  lo: number;
  hi: number;
}

/** Parses the [BYTE | BIT] unit word at argv[i]; true for BIT, null after a syntax error. */
function bitUnitArg(c: Client, argv: string[], i: number): boolean | null {
  if (i >= argv.length) return false;
  const unit = argv[i].toLowerCase();
  if (unit === 'bit') return true;
  if (unit === 'byte') return false;
  c.reply.error(SYNTAX_ERROR);
  return null;
}

function clampBitRange(start: number, end: number, bytes: number, isBit: boolean): BitRange {
  const total = isBit ? bytes * 8 : bytes;
  if (start < 0) start = total + start;
  if (end < 0) end = total + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= total) end = total - 1;
  return isBit ? { lo: start, hi: end } : { lo: start * 8, hi: end * 8 + 7 };
}

function bitAt(s: string, pos: number): number {
  return (s.charCodeAt(pos >>> 3) >> (7 - (pos & 7))) & 1;
}

/** Set bits of s in the inclusive bit range. */
function popcount(s: string, lo: number, hi: number): number {
  let n = 0;
  let pos = lo;
  for (; pos <= hi && pos & 7; pos++) n += bitAt(s, pos);
  for (; pos + 7 <= hi; pos += 8) n += POPCOUNT[s.charCodeAt(pos >>> 3)];
  for (; pos <= hi; pos++) n += bitAt(s, pos);
  return n;
}

/** BITCOUNT key [start end [BYTE | BIT]]: the key is looked up before the range is parsed. */
function bitcount(c: Client, argv: string[]): void {
  const e = readString(c, argv[1]);
  if (e === null) return;
  if (e === undefined) {
    c.reply.int(0);
    return;
  }
  const s = e.value as string;
  if (argv.length === 2) {
    c.reply.int(popcount(s, 0, s.length * 8 - 1));
    return;
  }
  if (argv.length !== 4 && argv.length !== 5) {
    c.reply.error(SYNTAX_ERROR);
    return;
  }
  const start = intArg(c, argv[2]);
  if (start === null) return;
  const end = intArg(c, argv[3]);
  if (end === null) return;
  if (start < 0 && end < 0 && start > end) {
    c.reply.int(0);
    return;
  }
  const isBit = bitUnitArg(c, argv, 4);
  if (isBit === null) return;
  const range = clampBitRange(start, end, s.length, isBit);
  c.reply.int(range.lo > range.hi ? 0 : popcount(s, range.lo, range.hi));
}

/** BITPOS key bit [start [end [BYTE | BIT]]] */
function bitpos(c: Client, argv: string[]): void {
  const bit = intArg(c, argv[2]);
  if (bit === null) return;
  if (bit !== 0 && bit !== 1) {
    c.reply.error('ERR The bit argument must be 1 or 0.');
    return;
  }
  const e = readString(c, argv[1]);
  if (e === null) return;
  if (e === undefined) {
    c.reply.int(bit ? -1 : 0);
    return;
  }
  const s = e.value as string;
  if (argv.length > 6) {
    c.reply.error(SYNTAX_ERROR);
    return;
  }
  let range: BitRange = { lo: 0, hi: s.length * 8 - 1 };
  const endGiven = argv.length >= 5;
  if (argv.length >= 4) {
    const start = intArg(c, argv[3]);
    if (start === null) return;
    const isBit = bitUnitArg(c, argv, 5);
    if (isBit === null) return;
    let end = isBit ? s.length * 8 + 7 : s.length - 1;
    if (endGiven) {
      const parsed = intArg(c, argv[4]);
      if (parsed === null) return;
      end = parsed;
    }
    range = clampBitRange(start, end, s.length, isBit);
  }
  if (range.lo > range.hi) {
    c.reply.int(-1);
    return;
  }
  for (let pos = range.lo; pos <= range.hi; pos++) {
    if (bitAt(s, pos) === bit) {
      c.reply.int(pos);
      return;
    }
  }
  // Looking for a clear bit with no explicit end: the string is padded with zeros on the right.
  c.reply.int(bit === 0 && !endGiven ? range.hi + 1 : -1);
}

type BitOp = (a: number, b: number) => number;
const BIT_OPS: Record<string, BitOp> = {
  and: (a, b) => a & b,
  or: (a, b) => a | b,
  xor: (a, b) => a ^ b,
  not: (a) => ~a & 0xff,
};

/** BITOP AND|OR|XOR|NOT destkey key [key ...]: missing keys are strings of zero bytes. */
function bitop(c: Client, argv: string[]): void {
  const opName = argv[1].toLowerCase();
  const op = BIT_OPS[opName];
  if (op === undefined) {
    c.reply.error(SYNTAX_ERROR);
    return;
  }
  if (opName === 'not' && argv.length !== 4) {
    c.reply.error('ERR BITOP NOT must be called with a single source key.');
    return;
  }
  const sources: string[] = [];
  let maxlen = 0;
  for (let i = 3; i < argv.length; i++) {
    const e = readString(c, argv[i]);
    if (e === null) return;
    const s = e === undefined ? '' : (e.value as string);
    sources.push(s);
    if (s.length > maxlen) maxlen = s.length;
  }
  const dest = argv[2];
  if (maxlen === 0) {
    if (c.db.delete(dest)) notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', dest, c.db.id);
    c.reply.int(0);
    return;
  }
  const out = Buffer.alloc(maxlen);
  for (let j = 0; j < maxlen; j++) {
    let acc = j < sources[0].length ? sources[0].charCodeAt(j) : 0;
    if (opName === 'not') acc = op(acc, 0);
    for (let k = 1; k < sources.length; k++) acc = op(acc, j < sources[k].length ? sources[k].charCodeAt(j) : 0);
    out[j] = acc;
  }
  const stored = c.db.setKey(dest, out.toString('latin1'));
  markEncoding(stored, 'raw');
  notifyKeyspaceEvent(NOTIFY_STRING, 'set', dest, c.db.id);
  c.reply.int(maxlen);
}

// ---------------------------------------------------------------------------------------------
// BITFIELD

const BITFIELD_TYPE_ERROR = 'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.';
const BITFIELD_TYPE = /^([iu])([0-9]+)$/;

type Overflow = 'wrap' | 'sat' | 'fail';

/** One GET, SET or INCRBY of BITFIELD: a `bits`-wide integer at bit `offset`, MSB first. */
interface BitfieldOp {
  op: 'get' | 'set' | 'incrby';
  signed: boolean;
  bits: number;
  offset: number;
  /** The SET value or INCRBY increment (a signed 64-bit integer). */
  value: bigint;
  overflow: Overflow;
}

/** Reads a `bits`-wide field at bit `offset` of buf (zeros past its end), as an unsigned bigint. */
function getBitfield(buf: Buffer, offset: number, bits: number): bigint {
  let v = 0n;
  for (let i = 0; i < bits; i++) {
    const pos = offset + i;
    const byte = Math.floor(pos / 8);
    const bit = byte < buf.length ? (buf[byte] >> (7 - (pos % 8))) & 1 : 0;
    v = (v << 1n) | BigInt(bit);
  }
  return v;
}

function setBitfield(buf: Buffer, offset: number, bits: number, value: bigint): void {
  for (let i = bits - 1; i >= 0; i--) {
    const pos = offset + i;
    const byte = Math.floor(pos / 8);
    const mask = 1 << (7 - (pos % 8));
    if (value & 1n) buf[byte] |= mask;
    else buf[byte] &= ~mask;
    value >>= 1n;
  }
}

/**
 * The field's new value for `target` (exact), as Redis's check{Signed,Unsigned}BitfieldOverflow: in
 * range it is kept; out of range WRAP keeps the low bits, SAT clamps, FAIL gives null.
 */
function fitBitfield(target: bigint, signed: boolean, bits: number, overflow: Overflow): bigint | null {
  const size = 1n << BigInt(bits);
  const min = signed ? -(size >> 1n) : 0n;
  const max = signed ? (size >> 1n) - 1n : size - 1n;
  if (target >= min && target <= max) return target;
  if (overflow === 'fail') return null;
  if (overflow === 'sat') return target > max ? max : min;
  const low = ((target % size) + size) % size;
  return signed && low > max ? low - size : low;
}

/** Parses BITFIELD's operations, or replies with Redis's error and returns null. */
function parseBitfieldOps(c: Client, argv: string[]): BitfieldOp[] | null {
  const ops: BitfieldOp[] = [];
  let overflow: Overflow = 'wrap';
  for (let j = 2; j < argv.length; j++) {
    const sub = argv[j].toLowerCase();
    const remaining = argv.length - j - 1;
    if (sub === 'overflow' && remaining >= 1) {
      const kind = argv[++j].toLowerCase();
      if (kind !== 'wrap' && kind !== 'sat' && kind !== 'fail') {
        c.reply.error('ERR Invalid OVERFLOW type specified');
        return null;
      }
      overflow = kind;
      continue;
    }
    if (!((sub === 'get' && remaining >= 2) || ((sub === 'set' || sub === 'incrby') && remaining >= 3))) {
      c.reply.error(SYNTAX_ERROR);
      return null;
    }
    const type = BITFIELD_TYPE.exec(argv[j + 1]);
    const bits = type === null ? null : parseInteger(type[2]);
    const signed = type?.[1] === 'i';
    if (bits === null || bits < 1 || bits > (signed ? 64 : 63)) {
      c.reply.error(BITFIELD_TYPE_ERROR);
      return null;
    }
    const offsetText = argv[j + 2];
    const byField = offsetText.length > 1 && offsetText[0] === '#';
    const n = parseInteger(byField ? offsetText.slice(1) : offsetText);
    const offset = n === null ? null : byField ? n * bits : n;
    if (offset === null || offset < 0 || Math.floor(offset / 8) >= c.server.parserLimits.maxBulkLen) {
      c.reply.error(BIT_OFFSET_ERROR);
      return null;
    }
    let value = 0n;
    if (sub !== 'get') {
      const parsed = int64Arg(c, argv[j + 3]);
      if (parsed === null) return null;
      value = parsed;
    }
    ops.push({ op: sub, signed, bits, offset, value, overflow });
    j += sub === 'get' ? 2 : 3;
  }
  return ops;
}

/**
 * BITFIELD key [GET type offset] [SET type offset value] [INCRBY type offset increment]
 * [OVERFLOW WRAP|SAT|FAIL] ..., and BITFIELD_RO with GET only. Fields are read and written on one
 * copy of the string, stored back once when anything was written.
 */
function bitfieldGeneric(c: Client, argv: string[], readOnly: boolean): void {
  const ops = parseBitfieldOps(c, argv);
  if (ops === null) return;
  let maxbit = -1;
  for (const op of ops) if (op.op !== 'get') maxbit = Math.max(maxbit, op.offset + op.bits - 1);
  let e: Entry | undefined;
  let buf: Buffer;
  if (maxbit < 0) {
    const found = readString(c, argv[1]);
    if (found === null) return;
    buf = Buffer.from(found === undefined ? '' : (found.value as string), 'latin1');
  } else {
    if (readOnly) {
      c.reply.error('ERR BITFIELD_RO only supports the GET subcommand');
      return;
    }
    const found = lookupStringForBitCommand(c, argv[1], maxbit);
    if (found === null) return;
    e = found.e;
    buf = Buffer.from(found.s, 'latin1');
  }
  c.reply.array(ops.length);
  let changes = 0;
  for (const op of ops) {
    const raw = getBitfield(buf, op.offset, op.bits);
    const old = op.signed && raw >= 1n << BigInt(op.bits - 1) ? raw - (1n << BigInt(op.bits)) : raw;
    if (op.op === 'get') {
      c.reply.int(old);
      continue;
    }
    // SET takes its value as C's uint64 for unsigned fields: a negative value is out of range.
    const target = op.op === 'incrby' ? old + op.value : !op.signed && op.value < 0n ? op.value + (1n << 64n) : op.value;
    const next = fitBitfield(target, op.signed, op.bits, op.overflow);
    if (next === null) {
      c.reply.nullBulk();
      continue;
    }
    c.reply.int(op.op === 'incrby' ? next : old);
    setBitfield(buf, op.offset, op.bits, next);
    changes++;
  }
  // The key exists (created or grown) even when every write failed; only writes are announced.
  if (maxbit >= 0) markEncoding(storeString(c, e, argv[1], buf.toString('latin1')), 'raw');
  if (changes > 0) notifyKeyspaceEvent(NOTIFY_STRING, 'setbit', argv[1], c.db.id);
}

const ONE_KEY = [1, 1, 1] as const;

export const bitmapCommands: CommandRow[] = [
  { name: 'setbit', arity: 4, flags: 'write denyoom', keySpecFlags: 'RW access update', keys: ONE_KEY, group: 'bitmap', since: '2.2.0', summary: 'Sets or clears the bit at offset in the string value stored at key', complexity: 'O(1)', handler: setbit },
  { name: 'getbit', arity: 3, flags: 'readonly fast', keys: ONE_KEY, group: 'bitmap', since: '2.2.0', summary: 'Returns the bit value at offset in the string value stored at key', complexity: 'O(1)', handler: getbit },
  { name: 'bitcount', arity: -2, flags: 'readonly', keys: ONE_KEY, group: 'bitmap', since: '2.6.0', summary: 'Count set bits in a string', complexity: 'O(N)', handler: bitcount },
  { name: 'bitpos', arity: -3, flags: 'readonly', keys: ONE_KEY, group: 'bitmap', since: '2.8.7', summary: 'Find first bit set or clear in a string', complexity: 'O(N)', handler: bitpos },
  { name: 'bitfield', arity: -2, flags: 'write denyoom', keys: [1, 1, 1], group: 'bitmap', keySpecFlags: 'RW access update variable_flags', since: '3.2.0', summary: 'Perform arbitrary bitfield integer operations on strings', complexity: 'O(1) for each subcommand specified', handler: (c, argv) => bitfieldGeneric(c, argv, false) },
  { name: 'bitfield_ro', arity: -2, flags: 'readonly fast', keys: [1, 1, 1], group: 'bitmap', since: '6.0.0', summary: 'Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD', complexity: 'O(1) for each subcommand specified', handler: (c, argv) => bitfieldGeneric(c, argv, true) },
  { name: 'bitop', arity: -4, flags: 'write denyoom', keySpecFlags: 'OW update', keys: [2, -1, 1], group: 'bitmap', since: '2.6.0', summary: 'Perform bitwise operations between strings', complexity: 'O(N)', handler: bitop },
];
