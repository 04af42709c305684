/**
 * The hash type. Fields live in a Map from field to its position in two dense parallel arrays
 * (fields, values), kept packed by swap-remove exactly like SlotArray (store/slots.ts): that gives
 * O(1) get, set and delete, O(1) uniform random fields for HRANDFIELD, and HSCAN cursors with Redis's
 * guarantee (a field present for the whole scan is returned at least once) at bounded work per call.
 *
 * Invariants: index.get(fields[i]) === i for every i; fields.length === values.length === index.size;
 * the Map's iteration order is insertion order, which is listpack order (a listpack appends new
 * fields and updates existing ones in place), so HGETALL on a listpack-encoded hash answers in
 * Redis's order. The encoding is listpack until a field or value longer than hash-max-listpack-value
 * is stored or the hash grows past hash-max-listpack-entries, then hashtable for good (one-way, as in
 * Redis). `bytes` is HASH_BASE plus, per field, HASH_FIELD and both strings, kept current on every
 * change.
 */
import { HASH_BASE, HASH_FIELD, stringBytes } from '../memory/costs';
import { SlotArray } from './slots';
import type { Collection } from './value';

/** The dense field array; a field's slot is kept in the owning hash's index. */
class FieldSlots extends SlotArray<string> {
  constructor(private readonly index: Map<string, number>) {
    super();
  }
  protected getSlot(field: string): number {
    return this.index.get(field) as number;
  }
  protected setSlot(field: string, slot: number): void {
    if (slot >= 0) this.index.set(field, slot);
  }
}

/** Encoding thresholds, read from the config when a hash grows. */
export interface HashLimits {
  maxListpackEntries: number;
  maxListpackValue: number;
}

export class Hash implements Collection {
  readonly type = 'hash' as const;
  bytes = HASH_BASE;
  private readonly index = new Map<string, number>();
  private readonly fields = new FieldSlots(this.index);
  private values: string[] = [];
  private listpack = true;

  get length(): number {
    return this.index.size;
  }

  encoding(): string {
    return this.listpack ? 'listpack' : 'hashtable';
  }

  get isListpack(): boolean {
    return this.listpack;
  }

  get(field: string): string | undefined {
    const slot = this.index.get(field);
    return slot === undefined ? undefined : this.values[slot];
  }

  has(field: string): boolean {
    return this.index.has(field);
  }

  /** Stores field = value; true when the field is new. Call fitEncoding afterwards. */
  set(field: string, value: string): boolean {
    const slot = this.index.get(field);
    if (slot !== undefined) {
      this.bytes += stringBytes(value.length) - stringBytes(this.values[slot].length);
      this.values[slot] = value;
      return false;
    }
    this.fields.add(field);
    this.values.push(value);
    this.bytes += HASH_FIELD + stringBytes(field.length) + stringBytes(value.length);
    return true;
  }

  /** Removes the field; false when it was absent. */
  delete(field: string): boolean {
    const slot = this.index.get(field);
    if (slot === undefined) return false;
    const value = this.values[slot];
    const last = this.values.pop() as string;
    if (slot < this.values.length) this.values[slot] = last;
    this.fields.remove(field);
    this.index.delete(field);
    this.bytes -= HASH_FIELD + stringBytes(field.length) + stringBytes(value.length);
    return true;
  }

  /**
   * Redis's hashTypeTryConversion and the length check of hashTypeSet: a listpack hash becomes a
   * hashtable when `longest` (the longest field or value just written) exceeds the value limit or
   * the hash holds more fields than the entries limit.
   */
  fitEncoding(limits: HashLimits, longest: number): void {
    if (this.listpack && (longest > limits.maxListpackValue || this.index.size > limits.maxListpackEntries)) this.listpack = false;
  }

  /** Every field and value, in encoding order (insertion order for a listpack). */
  *entries(): IterableIterator<[string, string]> {
    for (const [field, slot] of this.index) yield [field, this.values[slot]];
  }

  /** The field and value at a dense position, 0 <= slot < length. */
  at(slot: number): [string, string] {
    return [this.fields.at(slot), this.values[slot]];
  }

  /** A uniformly chosen dense position; `pick` is in [0, 1). */
  randomSlot(pick: number): number {
    return Math.floor(pick * this.index.size);
  }

  /**
   * HSCAN: a listpack is returned whole with cursor 0, as Redis does; a hashtable visits up to
   * `count` fields below the cursor (see SlotArray.scan) and returns the next cursor, 0 at the end.
   */
  scan(cursor: number, count: number, visit: (field: string, value: string) => void): number {
    if (this.listpack) {
      for (const [field, value] of this.entries()) visit(field, value);
      return 0;
    }
    return this.fields.scan(cursor, count, (field) => visit(field, this.values[this.index.get(field) as number]));
  }

  clone(): Hash {
    const copy = new Hash();
    for (const [field, value] of this.entries()) copy.set(field, value);
    copy.listpack = this.listpack;
    return copy;
  }
}
