/**
 * Redis 7.0's key specs read against a command line (getKeysUsingKeySpecs): each spec finds where
 * its keys begin (a fixed index, or the argument after a keyword searched from one end) and how
 * many follow (a range up to a last index, possibly relative to the end and divided by a limit, or
 * a count read from the arguments). COMMAND GETKEYSANDFLAGS uses it to give each key its flags.
 */
import type { KeySpec } from './types';
import { parseInteger } from './args';

export interface SpecKey {
  /** Index in argv of the key. */
  pos: number;
  flags: readonly string[];
}

/** Where one spec's keys begin: an index into argv, or undefined when the spec does not apply. */
function beginSearch(spec: KeySpec, argv: readonly string[]): number | undefined {
  const bs = spec.begin_search;
  if (bs.type === 'index') return bs.spec.index;
  if (bs.type !== 'keyword') return undefined;
  const argc = argv.length;
  const { keyword, startfrom } = bs.spec;
  const start = startfrom > 0 ? startfrom : argc + startfrom;
  const end = startfrom > 0 ? argc - 1 : 1;
  for (let i = start; ; i = start <= end ? i + 1 : i - 1) {
    if (i >= argc || i < 1) return undefined;
    if (argv[i].toLowerCase() === keyword.toLowerCase()) return i + 1;
    if (i === end) return undefined;
  }
}

/**
 * The keys every spec finds in argv, with the spec's flags; null when a spec does not fit the
 * arguments (Redis's invalid_spec: the caller falls back to the command's own key positions).
 */
export function keysFromSpecs(specs: readonly KeySpec[], argv: readonly string[]): SpecKey[] | null {
  const argc = argv.length;
  const out: SpecKey[] = [];
  for (const spec of specs) {
    let first = beginSearch(spec, argv);
    if (first === undefined) continue;
    const fk = spec.find_keys;
    let last: number;
    let step: number;
    if (fk.type === 'range') {
      const { lastkey, keystep, limit } = fk.spec;
      if (lastkey >= 0) last = first + lastkey;
      else if (limit === 0) last = argc + lastkey;
      else last = first + (Math.floor((argc - first) / limit) + lastkey);
      step = keystep;
    } else if (fk.type === 'keynum') {
      const { keynumidx, firstkey, keystep } = fk.spec;
      if (first + keynumidx >= argc) return null;
      const numkeys = parseInteger(argv[first + keynumidx]);
      if (numkeys === null || numkeys < 0) return null;
      first += firstkey;
      last = first + numkeys - 1;
      step = keystep;
    } else {
      continue;
    }
    if (last >= argc || last < first || first >= argc) return null;
    for (let i = first; i <= last; i += step) out.push({ pos: i, flags: spec.flags });
  }
  return out;
}
