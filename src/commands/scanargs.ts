/**
 * Arguments and reply of the SCAN family on a collection (HSCAN, SSCAN, ZSCAN), with Redis 7.0's
 * rules (parseScanCursorOrReply and scanGenericCommand): the cursor is an unsigned long as strtoul
 * reads it, COUNT is an integer of at least 1 (default 10), MATCH a glob; TYPE belongs to SCAN only.
 */
import type { Client } from '../net/client';
import { compileGlob, Matcher } from '../util/glob';
import { parseInteger } from './args';
import { NOT_INTEGER, SYNTAX_ERROR } from '../resp/replies';

export const INVALID_CURSOR = 'ERR invalid cursor';
/** Elements visited per call when COUNT is not given. */
export const SCAN_DEFAULT_COUNT = 10;

const CURSOR = /^[+-]?[0-9]+$/;
const ULONG_MAX = 2n ** 64n - 1n;

/** The cursor as strtoul reads it (empty text is 0, a negative value wraps), or null after replying. */
export function parseScanCursor(c: Client, text: string): number | null {
  if (text === '') return 0;
  if (CURSOR.test(text)) {
    let n = BigInt(text.replace(/^\+/, ''));
    if (n <= ULONG_MAX && n >= -ULONG_MAX) {
      if (n < 0n) n += ULONG_MAX + 1n;
      return Number(n);
    }
  }
  c.reply.error(INVALID_CURSOR);
  return null;
}

export interface ScanOptions {
  count: number;
  /** undefined when every element matches. */
  match: Matcher | undefined;
}

/** MATCH and COUNT from argv[start..], or null after replying with Redis's error. */
export function parseScanOptions(c: Client, argv: readonly string[], start: number): ScanOptions | null {
  const options: ScanOptions = { count: SCAN_DEFAULT_COUNT, match: undefined };
  for (let i = start; i < argv.length; i += 2) {
    const opt = argv[i].toLowerCase();
    const value = argv[i + 1];
    if (value !== undefined && opt === 'count') {
      const n = parseInteger(value);
      if (n === null) {
        c.reply.error(NOT_INTEGER);
        return null;
      }
      if (n < 1) {
        c.reply.error(SYNTAX_ERROR);
        return null;
      }
      options.count = n;
    } else if (value !== undefined && opt === 'match') {
      options.match = value === '*' ? undefined : compileGlob(value);
    } else {
      c.reply.error(SYNTAX_ERROR);
      return null;
    }
  }
  return options;
}

/** A collection HSCAN, SSCAN or ZSCAN walks: it visits an element and, for hashes, its value. */
export interface Scannable {
  scan(cursor: number, count: number, visit: (element: string, value?: string) => void): number;
}

/**
 * The whole of HSCAN / SSCAN key cursor [MATCH pattern] [COUNT count], in Redis's order of checks:
 * the cursor, then the key (missing: an empty scan; WRONGTYPE from `lookup`, which returns null
 * after replying), then the options. MATCH filters on the element, never on the value.
 */
export function scanGeneric(c: Client, argv: readonly string[], lookup: (c: Client, key: string) => Scannable | undefined | null): void {
  const cursor = parseScanCursor(c, argv[2]);
  if (cursor === null) return;
  const collection = lookup(c, argv[1]);
  if (collection === null) return;
  if (collection === undefined) {
    replyScan(c, 0, []);
    return;
  }
  const options = parseScanOptions(c, argv, 3);
  if (options === null) return;
  const found: string[] = [];
  const match = options.match;
  const next = collection.scan(cursor, options.count, (element, value) => {
    if (match !== undefined && !match(element)) return;
    found.push(element);
    if (value !== undefined) found.push(value);
  });
  replyScan(c, next, found);
}

/** The two-element scan reply: the next cursor as a bulk string, then the elements. */
export function replyScan(c: Client, cursor: number, elements: readonly string[]): void {
  c.reply.array(2);
  c.reply.bulk(String(cursor));
  c.reply.bulkArray(elements);
}
