/**
 * The set type, in Redis 7.0's two encodings (7.0 has no listpack sets). An intset holds only
 * members that are canonical 64-bit integers (Redis's string2ll), in a sorted array searched by
 * bisection, so SMEMBERS and SSCAN answer in ascending numeric order as Redis's intset does. A
 * hashtable holds any members in a Map from member to its position in a dense swap-remove array
 * (SlotArray), which gives O(1) add, remove and uniform random member for SPOP and SRANDMEMBER, and
 * SSCAN cursors with Redis's guarantee at bounded work per call.
 *
 * Invariants: exactly one of `ints` (intset) and `table` (hashtable) is in use; `ints` is strictly
 * ascending by numeric value; conversion to hashtable is one-way: on adding a non-integer or on
 * growing past set-max-intset-entries. `bytes` is SET_BASE (plus SET_TABLE for a hashtable) plus, per member, INTSET_MEMBER or
 * SET_MEMBER and the member string, kept current on every change.
 */
import { INTSET_MEMBER, SET_BASE, SET_MEMBER, SET_TABLE, stringBytes } from '../memory/costs';
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

/** Whether an intset may hold the member: Redis's isSdsRepresentableAsLongLong. */
export function isIntsetMember(member: string): boolean {
  if (member.length > 20 || !CANONICAL_INT.test(member)) return false;
  return member.length < 19 || (compareInts(member, INT64_MIN) >= 0 && compareInts(member, INT64_MAX) <= 0);
}

const CANONICAL_INT = /^(0|-?[1-9][0-9]*)$/;
const INT64_MIN = '-9223372036854775808';
const INT64_MAX = '9223372036854775807';

/** Numeric order of two canonical integer strings (no leading zeros, no '+', no "-0"). */
function compareInts(a: string, b: string): number {
  const an = a.charCodeAt(0) === 45;
  const bn = b.charCodeAt(0) === 45;
  if (an !== bn) return an ? -1 : 1;
  const sign = an ? -1 : 1;
  if (a.length !== b.length) return a.length < b.length ? -sign : sign;
  return a < b ? -sign : a > b ? sign : 0;
}

/** Position of `member` in the sorted `ints`, or -(insertion point) - 1 when absent. */
function bisect(ints: readonly string[], member: string): number {
  let lo = 0;
  let hi = ints.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareInts(ints[mid], member);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}

export class RedisSet implements Collection {
  readonly type = 'set' as const;
  bytes = SET_BASE;
  private ints: string[] | undefined;
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

  has(member: string): boolean {
    if (this.ints !== undefined) return isIntsetMember(member) && bisect(this.ints, member) >= 0;
    return (this.table as MemberSlots).index.has(member);
  }

  /** Redis's setTypeAdd: true when the member is new; `maxIntset` is set-max-intset-entries. */
  add(member: string, maxIntset: number): boolean {
    if (this.ints !== undefined) {
      if (isIntsetMember(member)) {
        const pos = bisect(this.ints, member);
        if (pos >= 0) return false;
        this.ints.splice(-pos - 1, 0, member);
        this.bytes += INTSET_MEMBER + stringBytes(member.length);
        if (this.ints.length > maxIntset) this.convertToTable();
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
      const pos = bisect(this.ints, member);
      if (pos < 0) return false;
      this.ints.splice(pos, 1);
      this.bytes -= INTSET_MEMBER + stringBytes(member.length);
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
    return this.ints !== undefined ? this.ints[i] : (this.table as MemberSlots).at(i);
  }

  /** A uniformly chosen member of a non-empty set; `pick` is in [0, 1). */
  random(pick: number): string {
    return this.at(Math.floor(pick * this.length));
  }

  /** Every member, in encoding order: ascending for an intset. */
  *members(): IterableIterator<string> {
    if (this.ints !== undefined) yield* this.ints;
    else yield* (this.table as MemberSlots).index.keys();
  }

  /**
   * SSCAN: an intset is returned whole with cursor 0, as Redis does; a hashtable visits up to
   * `count` members below the cursor (SlotArray.scan) and returns the next cursor, 0 at the end.
   */
  scan(cursor: number, count: number, visit: (member: string) => void): number {
    if (this.ints !== undefined) {
      for (const m of this.ints) visit(m);
      return 0;
    }
    return (this.table as MemberSlots).scan(cursor, count, visit);
  }

  clone(): RedisSet {
    const copy = new RedisSet();
    if (this.ints !== undefined) {
      copy.ints = this.ints.slice();
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
    for (const m of this.ints as string[]) {
      table.add(m);
      this.bytes += SET_MEMBER - INTSET_MEMBER;
    }
    this.ints = undefined;
    this.table = table;
  }
}
