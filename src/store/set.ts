/**
 * The set type. Redis 7.0 encodes a set as an intset or a hashtable; respkv adds, as Redis 7.2 did,
 * a packed encoding for small sets of other members: up to SET_PACKED_MAX_ENTRIES members of at
 * most SET_PACKED_MAX_VALUE bytes each, in one listpack (store/listpack.ts), one latin1 string with
 * a length prefix per member, walked on every lookup. OBJECT ENCODING still answers what Redis 7.0
 * answers, "hashtable" for a packed set (7.0 has no listpack sets), and nothing else observable
 * differs: a packed set is returned whole by one SSCAN call with cursor 0, as Redis returns its
 * compact encodings, and its order (append order) is one Redis leaves unspecified.
 *
 * An intset holds only members that are canonical 64-bit integers (Redis's string2ll), as numbers
 * in a sorted array searched by bisection, so SMEMBERS and SSCAN answer in ascending numeric order
 * as Redis's intset does. Like Redis's intset encoding upgrade (int16 -> int32 -> int64), the array
 * holds unboxed doubles while every member is within +-(2^53 - 1), where they are exact, and is
 * upgraded once to BigInts when a wider member arrives. A hashtable holds any members in a Map from
 * member to its position in a dense swap-remove array (SlotArray), which gives O(1) add, remove and
 * uniform random member for SPOP and SRANDMEMBER, and SSCAN cursors with Redis's guarantee at
 * bounded work per call.
 *
 * Invariants: exactly one of `ints` (intset), `lp` (packed) and `table` (hashtable) is in use;
 * `ints` is strictly ascending, all numbers or (once `wide`) all BigInts. Conversions are one-way,
 * as in Redis 7.2's setTypeAdd: an intset that grows past set-max-intset-entries becomes a
 * hashtable; an intset given a non-integer becomes packed when the result fits the packed bounds,
 * else a hashtable; a packed set that would break either bound becomes a hashtable. `bytes` is
 * SET_BASE plus INTSET_MEMBER per member (INTSET_WIDE_MEMBER once wide) for an intset,
 * SET_LISTPACK_BASE plus the packed string for a packed set, SET_BASE + SET_TABLE plus SET_MEMBER
 * and the member string per member for a hashtable; kept current on every change.
 */
import { INTSET_MEMBER, INTSET_WIDE_MEMBER, SET_BASE, SET_LISTPACK_BASE, SET_MEMBER, SET_TABLE, stringBytes } from '../memory/costs';
import { Listpack } from './listpack';
import { SlotArray } from './slots';
import type { Collection } from './value';

/**
 * Bounds of the packed encoding: Redis 7.2's defaults for set-max-listpack-entries and
 * set-max-listpack-value. Internal, not settings: Redis 7.0 has no such directives.
 */
export const SET_PACKED_MAX_ENTRIES = 128;
/** Bytes; a longer member sends the set to the hashtable. */
export const SET_PACKED_MAX_VALUE = 64;

/** The dense member array of a hashtable set; a member's slot lives in `index`. */
class MemberSlots extends SlotArray<string> {
  readonly index = new Map<string, number>();
  protected getSlot(member: string): number {
    return this.index.get(member) as number;
  }
  protected setSlot(member: string, slot: number): void {
    if (slot >= 0) this.index.set(member, slot);
    else this.index.delete(member);
  }
}

const CANONICAL_INT = /^(0|-?[1-9][0-9]*)$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Whether an intset may hold the member: Redis's isSdsRepresentableAsLongLong. */
export function isIntsetMember(member: string): boolean {
  if (member.length > 20 || !CANONICAL_INT.test(member)) return false;
  if (member.length < 19) return true;
  const n = BigInt(member);
  return n >= INT64_MIN && n <= INT64_MAX;
}

/** An intset element: a number while the set is narrow, a BigInt once it is wide. */
type IntKey = number | bigint;

/** Position of `key` in the ascending `ints`, or -(insertion point) - 1 when absent. */
function bisect(ints: readonly IntKey[], key: IntKey): number {
  let lo = 0;
  let hi = ints.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = ints[mid];
    if (v === key) return mid;
    if (v < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}

export class RedisSet implements Collection {
  readonly type = 'set' as const;
  bytes = SET_BASE;
  private ints: IntKey[] | undefined = undefined;
  /** The intset holds BigInts (some member is beyond +-(2^53 - 1)). */
  private wide = false;
  private lp: Listpack | undefined = undefined;
  private table: MemberSlots | undefined = undefined;

  /**
   * Redis's setTypeCreate: an intset when the first member is an integer (or none is given, for a
   * set built by the caller), packed when it fits the packed bounds, else a hashtable.
   */
  constructor(firstMember?: string) {
    if (firstMember === undefined || isIntsetMember(firstMember)) this.ints = [];
    else if (firstMember.length <= SET_PACKED_MAX_VALUE) this.usePacked(new Listpack());
    else this.useTable(new MemberSlots(), SET_BASE + SET_TABLE);
  }

  get length(): number {
    if (this.ints !== undefined) return this.ints.length;
    return this.lp !== undefined ? this.lp.count : (this.table as MemberSlots).size;
  }

  /** OBJECT ENCODING, as Redis 7.0 names it: a packed set answers "hashtable". */
  encoding(): string {
    return this.ints !== undefined ? 'intset' : 'hashtable';
  }

  /** The encoding actually in use (for tests and diagnostics; see encoding()). */
  internalEncoding(): 'intset' | 'listpack' | 'hashtable' {
    return this.ints !== undefined ? 'intset' : this.lp !== undefined ? 'listpack' : 'hashtable';
  }

  /** The intset key of a member that isIntsetMember accepted, upgrading the intset if it must. */
  private keyFor(member: string, upgrade: boolean): IntKey | undefined {
    if (this.wide) return BigInt(member);
    const n = Number(member);
    if (Math.abs(n) <= Number.MAX_SAFE_INTEGER) return n;
    if (!upgrade) return undefined;
    this.ints = (this.ints as IntKey[]).map((v) => BigInt(v));
    this.wide = true;
    this.bytes += this.ints.length * (INTSET_WIDE_MEMBER - INTSET_MEMBER);
    return BigInt(member);
  }

  /** Offset of `member` in the packed string, or -1; a member over the value bound is never packed. */
  private findPacked(lp: Listpack, member: string): number {
    return member.length > SET_PACKED_MAX_VALUE ? -1 : lp.find(member, 1);
  }

  has(member: string): boolean {
    if (this.lp !== undefined) return this.findPacked(this.lp, member) >= 0;
    if (this.ints === undefined) return (this.table as MemberSlots).index.has(member);
    if (!isIntsetMember(member)) return false;
    const key = this.keyFor(member, false);
    return key !== undefined && bisect(this.ints, key) >= 0;
  }

  /** Redis's setTypeAdd: true when the member is new; `maxIntset` is set-max-intset-entries. */
  add(member: string, maxIntset: number): boolean {
    if (this.ints !== undefined) {
      if (isIntsetMember(member)) {
        const key = this.keyFor(member, true) as IntKey;
        const ints = this.ints;
        const pos = bisect(ints, key);
        if (pos >= 0) return false;
        ints.splice(-pos - 1, 0, key);
        this.bytes += this.wide ? INTSET_WIDE_MEMBER : INTSET_MEMBER;
        if (ints.length > maxIntset) this.convertToTable();
        return true;
      }
      if (this.ints.length < SET_PACKED_MAX_ENTRIES && member.length <= SET_PACKED_MAX_VALUE) this.convertToPacked();
      else this.convertToTable();
    }
    const lp = this.lp;
    if (lp !== undefined) {
      if (this.findPacked(lp, member) >= 0) return false;
      if (lp.count < SET_PACKED_MAX_ENTRIES && member.length <= SET_PACKED_MAX_VALUE) {
        this.appendPacked(lp, [member]);
        return true;
      }
      this.convertToTable();
    }
    const table = this.table as MemberSlots;
    if (table.index.has(member)) return false;
    table.add(member);
    this.bytes += SET_MEMBER + stringBytes(member.length);
    return true;
  }

  /**
   * SADD's members[from..]: the same as add() for each in turn, but a packed set appends its new
   * members with one rebuild of its string instead of one per member. Returns how many were new.
   */
  addMany(members: readonly string[], from: number, maxIntset: number): number {
    let added = 0;
    /** New members not yet appended to the packed string; all within the packed bounds. */
    let pending: string[] | undefined;
    for (let i = from; i < members.length; i++) {
      const member = members[i];
      const lp = this.lp;
      if (lp !== undefined) {
        if (this.findPacked(lp, member) >= 0 || (pending !== undefined && pending.includes(member))) continue;
        const held = lp.count + (pending === undefined ? 0 : pending.length);
        if (held < SET_PACKED_MAX_ENTRIES && member.length <= SET_PACKED_MAX_VALUE) {
          (pending ??= []).push(member);
          added++;
          continue;
        }
        if (pending !== undefined) this.appendPacked(lp, pending);
        pending = undefined;
      }
      if (this.add(member, maxIntset)) added++;
    }
    if (pending !== undefined) this.appendPacked(this.lp as Listpack, pending);
    return added;
  }

  private appendPacked(lp: Listpack, members: readonly string[]): void {
    lp.append(members);
    this.bytes = SET_LISTPACK_BASE + stringBytes(lp.byteLength);
  }

  /** True when the member was present. */
  remove(member: string): boolean {
    const lp = this.lp;
    if (lp !== undefined) {
      const off = this.findPacked(lp, member);
      if (off < 0) return false;
      lp.delete(off, 1);
      this.bytes = SET_LISTPACK_BASE + stringBytes(lp.byteLength);
      return true;
    }
    if (this.ints !== undefined) {
      if (!isIntsetMember(member)) return false;
      const key = this.keyFor(member, false);
      const pos = key === undefined ? -1 : bisect(this.ints, key);
      if (pos < 0) return false;
      this.ints.splice(pos, 1);
      this.bytes -= this.wide ? INTSET_WIDE_MEMBER : INTSET_MEMBER;
      return true;
    }
    const table = this.table as MemberSlots;
    if (!table.index.has(member)) return false;
    table.remove(member);
    this.bytes -= SET_MEMBER + stringBytes(member.length);
    return true;
  }

  /**
   * The member at dense position i, 0 <= i < length (ascending order for an intset, append order
   * for a packed set, where it walks the string and returns a flat copy that may be kept).
   */
  at(i: number): string {
    if (this.ints !== undefined) return String(this.ints[i]);
    const lp = this.lp;
    return lp !== undefined ? lp.detachRange(lp.seek(i), 1)[0] : (this.table as MemberSlots).at(i);
  }

  /**
   * Removes and returns a uniformly chosen member of a non-empty set (SPOP); `pick` is in [0, 1).
   * A packed set removes the member it walked to, without searching for it again.
   */
  popRandom(pick: number): string {
    const lp = this.lp;
    if (lp === undefined) {
      const member = this.random(pick);
      this.remove(member);
      return member;
    }
    const off = lp.seek(Math.floor(pick * lp.count));
    const member = lp.detachRange(off, 1)[0];
    lp.delete(off, 1);
    this.bytes = SET_LISTPACK_BASE + stringBytes(lp.byteLength);
    return member;
  }

  /**
   * A reader of members by dense position, O(1) a call once built (O(length) for a packed set,
   * whose offsets it collects), for many picks such as SRANDMEMBER with a count. A packed set's
   * members come back as slices of its string: reply with them, never keep them.
   */
  reader(): (i: number) => string {
    const lp = this.lp;
    if (lp === undefined) return (i) => this.at(i);
    const offsets = lp.offsets();
    return (i) => lp.get(offsets[i]);
  }

  /** A uniformly chosen member of a non-empty set; `pick` is in [0, 1). */
  random(pick: number): string {
    return this.at(Math.floor(pick * this.length));
  }

  /**
   * Every member, in encoding order: ascending for an intset. A packed set's members come out as
   * flat copies, since the set operations keep them in their results (a slice would pin the
   * packed string), and from a snapshot, so the set may change during the iteration.
   */
  *members(): IterableIterator<string> {
    if (this.ints !== undefined) for (const v of this.ints) yield String(v);
    else if (this.lp !== undefined) yield* this.lp.detach();
    else yield* (this.table as MemberSlots).index.keys();
  }

  /**
   * Every member, in encoding order, for a reply or a count: a packed set's members come out as
   * slices of its string, cheaper than members()'s copies but never to be kept, and the set must
   * not change during the iteration.
   */
  membersForReply(): IterableIterator<string> {
    return this.lp !== undefined ? this.lp.entries() : this.members();
  }

  /**
   * SSCAN: an intset or a packed set is returned whole with cursor 0, as Redis returns its compact
   * encodings; a hashtable visits up to `count` members below the cursor (SlotArray.scan) and
   * returns the next cursor, 0 at the end.
   */
  scan(cursor: number, count: number, visit: (member: string) => void): number {
    if (this.ints !== undefined) {
      for (const v of this.ints) visit(String(v));
      return 0;
    }
    if (this.lp !== undefined) {
      this.lp.visit(0, this.lp.count, visitMember, visit);
      return 0;
    }
    return (this.table as MemberSlots).scan(cursor, count, visit);
  }

  clone(): RedisSet {
    const copy = new RedisSet();
    if (this.ints !== undefined) {
      copy.ints = this.ints.slice();
      copy.wide = this.wide;
    } else if (this.lp !== undefined) {
      copy.ints = undefined;
      copy.lp = this.lp.clone();
    } else {
      copy.ints = undefined;
      copy.table = new MemberSlots();
      for (const m of (this.table as MemberSlots).index.keys()) copy.table.add(m);
    }
    copy.bytes = this.bytes;
    return copy;
  }

  private usePacked(lp: Listpack): void {
    this.ints = undefined;
    this.wide = false;
    this.lp = lp;
    this.bytes = SET_LISTPACK_BASE + stringBytes(lp.byteLength);
  }

  private useTable(table: MemberSlots, bytes: number): void {
    this.ints = undefined;
    this.wide = false;
    this.lp = undefined;
    this.table = table;
    this.bytes = bytes;
  }

  /** intset -> packed, keeping ascending order as the packed order. */
  private convertToPacked(): void {
    const lp = new Listpack();
    const ints = this.ints as IntKey[];
    if (ints.length > 0) lp.append(ints.map(String));
    this.usePacked(lp);
  }

  /** intset or packed -> hashtable (setTypeConvert), keeping their order as the slot order. */
  private convertToTable(): void {
    const members = this.lp !== undefined ? this.lp.detach() : (this.ints as IntKey[]).map(String);
    const table = new MemberSlots();
    let bytes = SET_BASE + SET_TABLE;
    for (const m of members) {
      table.add(m);
      bytes += SET_MEMBER + stringBytes(m.length);
    }
    this.useTable(table, bytes);
  }
}

/** Listpack.visit's callback for scan: hands each member to the SSCAN visitor. */
function visitMember(member: string, visit: (member: string) => void): void {
  visit(member);
}
