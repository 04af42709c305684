/**
 * Named memory costs, in bytes, of the structures respkv keeps per key on V8 (64-bit, Node 20,
 * no pointer compression). They feed the accountant's incremental totals, so every figure must be
 * a fair average of what the heap really spends; bench/memory checks the sum against RSS.
 */

import { recordCost } from '../store/arena';
import { INLINE_MAX, recordSizeFor } from '../store/record';

/** Object header (map, properties, elements) plus 8 bytes per in-object field. */
export const OBJECT_HEADER = 24;
export const FIELD = 8;

/** A sequential one-byte string: header (map, hash, length) plus its bytes rounded up to 8. */
export const STRING_HEADER = 16;

export function stringBytes(len: number): number {
  return STRING_HEADER + ((len + 7) & ~7);
}

/**
 * One entry of a JS Map: three slots (key, value, chain link) plus its share of the bucket array;
 * tables double when full, so on average they carry about half their capacity again in slack.
 */
export const MAP_ENTRY = 40;

/** One slot of a JS array, with the average slack of its doubling growth. */
export const ARRAY_SLOT = 12;

/**
 * A value held outside its key's record (a collection, a string longer than INLINE_MAX): its entry
 * in the table's `held` Map and the small object pairing it with its last charge. Measured by
 * bench/key-table.js over keys holding strings of INLINE_MAX + 1 bytes: 69 to 89 bytes, 79.5 on
 * average.
 */
export const HELD_VALUE = 80;

/**
 * A key with a TTL: its place in the table's VolatileSet (a Map entry from handle to position, a
 * handle slot and an unboxed expiry time in two dense arrays). Measured by bench/key-table.js as
 * the growth when every key gets a TTL: 50 to 70 bytes a key over the same counts, 59.5 on average.
 */
export const VOLATILE_ENTRY = 60;

/**
 * Bytes a key costs the dataset (its share of its table's structure aside): its arena record (the
 * key's bytes and, for a string of at most INLINE_MAX bytes, the value's), a value kept outside the
 * record, and its TTL entry.
 */
export function keyCost(keyLen: number, value: string | { bytes: number }, volatile: boolean): number {
  const inline = typeof value === 'string' && value.length <= INLINE_MAX;
  return (
    recordCost(recordSizeFor(keyLen, inline ? value.length : -1)) +
    (inline ? 0 : HELD_VALUE + valueBytes(value)) +
    (volatile ? VOLATILE_ENTRY : 0)
  );
}

/** What a key whose value is held outside its record (a collection, a long string) costs beyond that value. */
export function keyOverhead(keyLen: number): number {
  return recordCost(recordSizeFor(keyLen, -1)) + HELD_VALUE;
}

/**
 * A command queued by MULTI, beyond its argument strings: the { cmd, argv } record (40), the argv
 * array with its backing store header (48) and its slot in the queue. Measured on Node 20 with
 * --expose-gc: 200,000 queued 3-argument SETs took 186 bytes each, 42 of them the record.
 */
export const QUEUED_COMMAND = 88 + ARRAY_SLOT;
/** Each argument's pointer in a queued command's argv (its string is charged by stringBytes). */
export const QUEUED_ARG = FIELD;

/**
 * Lists (store/list.ts), packed node strings and open elements excluded (charged with stringBytes).
 * LIST_BASE: the List object (11 fields) and its three empty arrays. LIST_NODE: one quicklist node,
 * its Listpack object (40) and its slot in the node array with that array's growth slack.
 * LIST_OPEN_END: a non-empty open buffer's backing store, the 17 slots V8 gives a first push;
 * LIST_OPEN_GROWN: the 26 more it takes past 17 elements (kept until the buffer empties: pop and
 * shift do not trim it). LIST_TAIL_MARKS: the tail marks' object and array, FIELD per mark.
 * Measured on Node 20 with --expose-gc as the heapUsed growth after gc() over 5,000 to 20,000 lists
 * held in a pre-sized array: empty lists 220 bytes; lists of 10, 30 and 100 one-element nodes
 * (list-max-listpack-size 1) 51.8 to 52.8 bytes per node beyond the base and strings; a 1,200-byte
 * node with 1 to 17 open elements 149 bytes for the first slots, 18 to 31 elements 208 more; a
 * 3,000-element list with its marks within 1% of the charge. A 100-element list of 8 to 32 bytes
 * loaded by one RPUSH costs 2,410 bytes and is charged 2,392 (-0.7%); a one-element list 318 and
 * 304 (its node array has one slot, no slack).
 */
export const LIST_BASE = 220;
export const LIST_NODE = 52;
export const LIST_OPEN_END = 152;
export const LIST_OPEN_GROWN = 208;
export const LIST_TAIL_MARKS = 104;

/**
 * Sorted sets (store/zset.ts). Measured on Node 20 with --expose-gc as the heapUsed growth after
 * gc(): a skiplist node (ZNode with its one array of next links and spans, its score) costs 130
 * bytes plus 16 per level, over 10^6 nodes of fixed level 1, 2 and 3. A listpack-encoded set (no
 * member index) measured 266 bytes empty and 330 on average over 10^5 sets of 1 to 60 members once
 * the member costs are taken out (the header's levels and the list grow): ZSET_BASE. A skiplist-
 * encoded set adds its member index, a Map and a scan slot array: 450 bytes (ZSET_INDEX_BASE) and
 * 36 per member (ZSET_INDEX_MEMBER), from the same sets built skiplist-encoded and from 10^6-member
 * sets. Charged totals are within 14% of the measured growth from 1 member up, within 6% from 5.
 * Since listpack-encoded sets moved to one packed string (ZSET_LISTPACK_BASE below), ZSET_BASE plus
 * ZSET_INDEX_BASE is the base of a skiplist-encoded set.
 */
export const ZSET_NODE = 130;
export const ZSET_NODE_LEVEL = 16;
export const ZSET_BASE = 330;
export const ZSET_INDEX_BASE = 450;
export const ZSET_INDEX_MEMBER = 36;

/**
 * Hashes (store/hash.ts) and sets (store/set.ts), strings excluded (charged with stringBytes).
 * Measured on Node 20 with --expose-gc as the heapUsed growth after gc() over 10^5 instances or
 * members: an empty Hash (object, Map, field SlotArray, value array) 369 bytes; one hash field (Map
 * entry, field and value slots) 55.2; an empty intset RedisSet 100.8 and a hashtable one 321.3 (the
 * difference is SET_TABLE); a hashtable member (Map entry and slot) 46.0; an intset member 9.1 (one
 * unboxed double in the array, no string), or 33.2 once the intset holds BigInts (slot and BigInt).
 */
/**
 * HASH_BASE and SET_BASE re-measured through the server (per-key heap growth after warm-up and
 * gc(), 50,000 keys of 3 and 20,000 of 20 members): small hashes cost about 140 bytes more than an
 * empty Hash plus its fields predicts (the Map's first table), small sets about 80 more; 100- and
 * 1,000-member collections move by under 2%. SET_BASE then grew by 8 (one more field in the set
 * object, for the packed encoding): 10^5 intsets of 1 to 20 members went from 280.3 to 287.9
 * bytes each and hashtable sets from 1,428.5 to 1,437.1.
 */
export const HASH_BASE = 510;
export const HASH_FIELD = 55;
export const SET_BASE = 188;
export const SET_TABLE = 220;
export const SET_MEMBER = 46;
export const INTSET_MEMBER = 9;
export const INTSET_WIDE_MEMBER = 33;

/**
 * A packed RedisSet (store/set.ts) beyond its packed string (charged with stringBytes): the set
 * object (six fields, 72) and its Listpack object (40). Measured on Node 20 with --expose-gc as the
 * heapUsed growth after gc() over 10^5 sets held in a pre-sized array, less stringBytes of each
 * packed string: 113.6 bytes empty, 111.3 to 118.9 for sets of 1 to 3, 1 to 20, 1 to 60 and (2 x
 * 10^4 sets) 1 to 128 members of 8 to 20 bytes, 114 on average.
 */
export const SET_LISTPACK_BASE = 114;

/**
 * A listpack-encoded Hash (store/hash.ts) or ZSet (store/zset.ts) beyond its packed string (charged
 * with stringBytes): the collection object and its Listpack object (store/listpack.ts). Measured on
 * Node 20 with --expose-gc as the heapUsed growth after gc() over 10^5 collections of 1 to 20
 * members, less stringBytes of each packed string: 96 bytes for a Hash and for a ZSet (its object,
 * 56, and the Listpack's, 40).
 */
export const HASH_LISTPACK_BASE = 96;
export const ZSET_LISTPACK_BASE = 96;

/** Memory cost of a stored value. */
export function valueBytes(value: string | { bytes: number }): number {
  return typeof value === 'string' ? stringBytes(value.length) : value.bytes;
}
