/**
 * The hash type, in Redis's two encodings. A small hash is a listpack (store/listpack.ts) of
 * field, value, field, value ... in one packed string: new fields are appended, updates replace the
 * value in place and deletes close the gap, so its order is Redis's listpack order; lookups walk it.
 * Past the thresholds it becomes a FieldTable for good (one-way, as in Redis): a Map from field to its
 * position in two dense parallel arrays (fields, values), kept packed by swap-remove exactly like
 * SlotArray (store/slots.ts), which gives O(1) get, set and delete, O(1) uniform random fields for
 * HRANDFIELD, and HSCAN cursors with Redis's guarantee at bounded work per call.
 *
 * Invariants: exactly one of lp and table is set; the encoding is listpack until a field or value
 * longer than hash-max-listpack-value is stored or the hash grows past hash-max-listpack-entries.
 * `bytes` is HASH_LISTPACK_BASE plus the packed string while listpack, HASH_BASE plus, per field,
 * HASH_FIELD and both strings while hashtable, kept current on every change.
 */
import { HASH_BASE, HASH_FIELD, HASH_LISTPACK_BASE, stringBytes } from '../memory/costs';
import { Listpack } from './listpack';
import { SlotArray } from './slots';
import type { Collection } from './value';

/** The dense field array; a field's slot is kept in the owning table's index. */
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

/** The hashtable encoding. Invariants: index.get(fields[i]) === i; fields, values and index agree in size. */
class FieldTable {
  readonly index = new Map<string, number>();
  readonly fields = new FieldSlots(this.index);
  readonly values: string[] = [];
}

/** Encoding thresholds, read from the config when a hash grows. */
export interface HashLimits {
  maxListpackEntries: number;
  maxListpackValue: number;
}

export class Hash implements Collection {
  readonly type = 'hash' as const;
  bytes = HASH_LISTPACK_BASE + stringBytes(0);
  private lp: Listpack | null = new Listpack();
  private table: FieldTable | null = null;

  get length(): number {
    return this.lp !== null ? this.lp.count >> 1 : (this.table as FieldTable).index.size;
  }

  encoding(): string {
    return this.lp !== null ? 'listpack' : 'hashtable';
  }

  get isListpack(): boolean {
    return this.lp !== null;
  }

  get(field: string): string | undefined {
    const lp = this.lp;
    if (lp !== null) {
      const off = lp.find(field, 2);
      return off < 0 ? undefined : lp.get(lp.next(off));
    }
    const t = this.table as FieldTable;
    const slot = t.index.get(field);
    return slot === undefined ? undefined : t.values[slot];
  }

  has(field: string): boolean {
    return this.lp !== null ? this.lp.find(field, 2) >= 0 : (this.table as FieldTable).index.has(field);
  }

  /** Stores field = value; true when the field is new. Call fitEncoding afterwards. */
  set(field: string, value: string): boolean {
    const lp = this.lp;
    if (lp !== null) {
      const off = lp.find(field, 2);
      if (off >= 0) lp.replace(lp.next(off), value);
      else lp.append([field, value]);
      this.bytes = HASH_LISTPACK_BASE + stringBytes(lp.byteLength);
      return off < 0;
    }
    const t = this.table as FieldTable;
    const slot = t.index.get(field);
    if (slot !== undefined) {
      this.bytes += stringBytes(value.length) - stringBytes(t.values[slot].length);
      t.values[slot] = value;
      return false;
    }
    t.fields.add(field);
    t.values.push(value);
    this.bytes += HASH_FIELD + stringBytes(field.length) + stringBytes(value.length);
    return true;
  }

  /** Removes the field; false when it was absent. */
  delete(field: string): boolean {
    const lp = this.lp;
    if (lp !== null) {
      const off = lp.find(field, 2);
      if (off < 0) return false;
      lp.delete(off, 2);
      this.bytes = HASH_LISTPACK_BASE + stringBytes(lp.byteLength);
      return true;
    }
    const t = this.table as FieldTable;
    const slot = t.index.get(field);
    if (slot === undefined) return false;
    const value = t.values[slot];
    const last = t.values.pop() as string;
    if (slot < t.values.length) t.values[slot] = last;
    t.fields.remove(field);
    t.index.delete(field);
    this.bytes -= HASH_FIELD + stringBytes(field.length) + stringBytes(value.length);
    return true;
  }

  /**
   * Redis's hashTypeTryConversion and the length check of hashTypeSet: a listpack hash becomes a
   * hashtable when `longest` (the longest field or value just written) exceeds the value limit or
   * the hash holds more fields than the entries limit.
   */
  fitEncoding(limits: HashLimits, longest: number): void {
    if (this.lp !== null && (longest > limits.maxListpackValue || this.length > limits.maxListpackEntries)) this.convertToTable();
  }

  /** listpack -> hashtable (hashTypeConvertListpack), keeping listpack order as the slot order. */
  private convertToTable(): void {
    const flat = (this.lp as Listpack).detach();
    this.lp = null;
    this.table = new FieldTable();
    this.bytes = HASH_BASE;
    for (let i = 0; i < flat.length; i += 2) this.set(flat[i], flat[i + 1]);
  }

  /** Every field and value, in encoding order (listpack order for a listpack). */
  *entries(): IterableIterator<[string, string]> {
    const lp = this.lp;
    if (lp !== null) {
      for (let off = lp.first(); off >= 0; off = lp.next(lp.next(off))) yield [lp.get(off), lp.get(lp.next(off))];
      return;
    }
    const t = this.table as FieldTable;
    for (const [field, slot] of t.index) yield [field, t.values[slot]];
  }

  /** The field and value at a dense position, 0 <= slot < length (listpack order for a listpack). */
  at(slot: number): [string, string] {
    const lp = this.lp;
    if (lp !== null) {
      const off = lp.seek(2 * slot);
      return [lp.get(off), lp.get(lp.next(off))];
    }
    const t = this.table as FieldTable;
    return [t.fields.at(slot), t.values[slot]];
  }

  /** A uniformly chosen dense position; `pick` is in [0, 1). */
  randomSlot(pick: number): number {
    return Math.floor(pick * this.length);
  }

  /**
   * HSCAN: a listpack is returned whole with cursor 0, as Redis does; a hashtable visits up to
   * `count` fields below the cursor (see SlotArray.scan) and returns the next cursor, 0 at the end.
   */
  scan(cursor: number, count: number, visit: (field: string, value: string) => void): number {
    if (this.lp !== null) {
      for (const [field, value] of this.entries()) visit(field, value);
      return 0;
    }
    const t = this.table as FieldTable;
    return t.fields.scan(cursor, count, (field) => visit(field, t.values[t.index.get(field) as number]));
  }

  clone(): Hash {
    const copy = new Hash();
    if (this.lp !== null) {
      copy.lp = this.lp.clone();
      copy.bytes = this.bytes;
      return copy;
    }
    copy.convertToTable();
    for (const [field, value] of this.entries()) copy.set(field, value);
    return copy;
  }
}
