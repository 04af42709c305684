/**
 * What a key holds. Strings are latin1 JS strings (one char per byte, so binary-safe and with
 * lengths in bytes); every other type is a Collection object that keeps its own memory cost current
 * as it changes, so the store can charge the accountant without walking it.
 */
export type ValueType = 'string' | 'list' | 'set' | 'zset' | 'hash';

export interface Collection {
  readonly type: Exclude<ValueType, 'string'>;
  /** Bytes this value occupies beyond its key's entry, maintained incrementally: O(1) to read. */
  readonly bytes: number;
  /** Number of elements; a key never holds an empty collection (the store deletes it). */
  readonly length: number;
  /** OBJECT ENCODING, with Redis 7.0's names (listpack, quicklist, intset, hashtable, skiplist). */
  encoding(): string;
  /** A deep copy, for COPY. */
  clone(): Collection;
}

export type StoredValue = string | Collection;

export function typeOf(value: StoredValue): ValueType {
  return typeof value === 'string' ? 'string' : value.type;
}
