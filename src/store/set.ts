/**
 * The set type, in Redis 7.0's two encodings (7.0 has no listpack sets). An intset holds only
 * members that are canonical 64-bit integers (Redis's string2ll), as numbers in a sorted array
 * searched by bisection, so SMEMBERS and SSCAN answer in ascending numeric order as Redis's intset
 * does. Like Redis's intset encoding upgrade (int16 -> int32 -> int64), the array holds unboxed
 * doubles while every member is within +-(2^53 - 1), where they are exact, and is upgraded once to
 * BigInts when a wider member arrives. A hashtable holds any members in a Map from member to its
 * position in a dense swap-remove array (SlotArray), which gives O(1) add, remove and uniform
 * random member for SPOP and SRANDMEMBER, and SSCAN cursors with Redis's guarantee at bounded work
 * per call.
 *
 * Invariants: exactly one of `ints` (intset) and `table` (hashtable) is in use; `ints` is strictly
 * ascending, all numbers or (once `wide`) all BigInts; conversion to hashtable is one-way: on
 * adding a non-integer or on growing past set-max-intset-entries. `bytes` is SET_BASE (plus
 * SET_TABLE for a hashtable) plus, per member, INTSET_MEMBER (INTSET_WIDE_MEMBER once wide), or
 * SET_MEMBER and the member string; kept current on every change.
 */
import { INTSET_MEMBER, INTSET_WIDE_MEMBER, SET_BASE, SET_MEMBER, SET_TABLE, stringBytes } from '../memory/costs';
import { SlotArray } from './slots';
import type { Collection } from './value';

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
  private ints: IntKey[] | undefined;
  /** The intset holds BigInts (some member is beyond +-(2^53 - 1)). */
  private wide = false;
  private table: MemberSlots | undefined;

  /** Redis's setTypeCreate: an intset when the first member is an integer, else a hashtable. */
  constructor(firstMember?: string) {
    if (firstMember === undefined || isIntsetMember(firstMember)) {
      this.ints = [];
    } else {
      this.table = new MemberSlots();
      this.bytes += SET_TABLE;
    }
  }

  get length(): number {
    return this.ints !== undefined ? this.ints.length : (this.table as MemberSlots).size;
  }

  encoding(): string {
    return this.ints !== undefined ? 'intset' : 'hashtable';
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

  has(member: string): boolean {
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
      this.convertToTable();
    }
    const table = this.table as MemberSlots;
    if (table.index.has(member)) return false;
    table.add(member);
    this.bytes += SET_MEMBER + stringBytes(member.length);
    return true;
  }

  /** True when the member was present. */
  remove(member: string): boolean {
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

  /** The member at dense position i, 0 <= i < length (ascending order for an intset). */
  at(i: number): string {
    return this.ints !== undefined ? String(this.ints[i]) : (this.table as MemberSlots).at(i);
  }

  /** A uniformly chosen member of a non-empty set; `pick` is in [0, 1). */
  random(pick: number): string {
    return this.at(Math.floor(pick * this.length));
  }

  /** Every member, in encoding order: ascending for an intset. */
  *members(): IterableIterator<string> {
    if (this.ints !== undefined) for (const v of this.ints) yield String(v);
    else yield* (this.table as MemberSlots).index.keys();
  }

  /**
   * SSCAN: an intset is returned whole with cursor 0, as Redis does; a hashtable visits up to
   * `count` members below the cursor (SlotArray.scan) and returns the next cursor, 0 at the end.
   */
  scan(cursor: number, count: number, visit: (member: string) => void): number {
    if (this.ints !== undefined) {
      for (const v of this.ints) visit(String(v));
      return 0;
    }
    return (this.table as MemberSlots).scan(cursor, count, visit);
  }

  clone(): RedisSet {
    const copy = new RedisSet();
    if (this.ints !== undefined) {
      copy.ints = this.ints.slice();
      copy.wide = this.wide;
    } else {
      copy.ints = undefined;
      copy.table = new MemberSlots();
      for (const m of (this.table as MemberSlots).index.keys()) copy.table.add(m);
    }
    copy.bytes = this.bytes;
    return copy;
  }

  private convertToTable(): void {
    const table = new MemberSlots();
    this.bytes += SET_TABLE;
    for (const v of this.ints as IntKey[]) {
      const member = String(v);
      table.add(member);
      this.bytes += SET_MEMBER + stringBytes(member.length) - (this.wide ? INTSET_WIDE_MEMBER : INTSET_MEMBER);
    }
    this.ints = undefined;
    this.wide = false;
    this.table = table;
  }
}
