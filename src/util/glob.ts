/**
 * Glob matching with Redis's stringmatch rules, used by KEYS, SCAN MATCH, CONFIG GET and PSUBSCRIBE:
 * `*` any run, `?` any one char, `[abc]` `[^abc]` `[a-z]` classes, `\x` a literal x. Matching is
 * iterative with a single backtrack point per `*`, so no pattern can make it exponential.
 */

type Token =
  | { kind: 'star' }
  | { kind: 'any' }
  | { kind: 'char'; c: string }
  | { kind: 'class'; negate: boolean; ranges: Array<[string, string]> };

export type Matcher = (s: string) => boolean;

function tokenize(pattern: string, nocase: boolean): Token[] {
  const p = nocase ? pattern.toLowerCase() : pattern;
  const tokens: Token[] = [];
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*') {
      if (tokens.length === 0 || tokens[tokens.length - 1].kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') {
      tokens.push({ kind: 'any' });
    } else if (c === '\\' && i + 1 < p.length) {
      tokens.push({ kind: 'char', c: p[++i] });
    } else if (c === '[') {
      let j = i + 1;
      const negate = p[j] === '^';
      if (negate) j++;
      const ranges: Array<[string, string]> = [];
      // Redis: a class runs to the next ']' or the end of the pattern.
      while (j < p.length && p[j] !== ']') {
        if (p[j] === '\\' && j + 1 < p.length) {
          j++;
          ranges.push([p[j], p[j]]);
        } else if (p[j + 1] === '-' && j + 2 < p.length) {
          // As stringmatchlen: a range takes the next two characters, even a closing ']'.
          let lo = p[j];
          let hi = p[j + 2];
          if (lo > hi) [lo, hi] = [hi, lo];
          ranges.push([lo, hi]);
          j += 2;
        } else {
          ranges.push([p[j], p[j]]);
        }
        j++;
      }
      tokens.push({ kind: 'class', negate, ranges });
      i = j;
    } else {
      tokens.push({ kind: 'char', c });
    }
  }
  return tokens;
}

function matchOne(t: Token, c: string): boolean {
  switch (t.kind) {
    case 'any':
      return true;
    case 'char':
      return t.c === c;
    case 'class': {
      let hit = false;
      for (const [lo, hi] of t.ranges) {
        if (c >= lo && c <= hi) {
          hit = true;
          break;
        }
      }
      return hit !== t.negate;
    }
    default:
      return false;
  }
}

/** Compiles a pattern once for many subjects. */
export function compileGlob(pattern: string, nocase = false): Matcher {
  if (pattern === '*') return () => true;
  const tokens = tokenize(pattern, nocase);
  return (subject: string) => {
    const s = nocase ? subject.toLowerCase() : subject;
    let ti = 0;
    let si = 0;
    let starTi = -1;
    let starSi = 0;
    while (si < s.length) {
      const t = tokens[ti];
      if (t !== undefined && t.kind === 'star') {
        starTi = ti++;
        starSi = si;
      } else if (t !== undefined && matchOne(t, s[si])) {
        ti++;
        si++;
      } else if (starTi >= 0) {
        ti = starTi + 1;
        si = ++starSi;
      } else {
        return false;
      }
    }
    while (ti < tokens.length && tokens[ti].kind === 'star') ti++;
    return ti === tokens.length;
  };
}

export function globMatch(pattern: string, subject: string, nocase = false): boolean {
  return compileGlob(pattern, nocase)(subject);
}
