/**
 * Redis's sdssplitargs: the argument syntax of inline requests and of redis.conf lines.
 */

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' };

function isSpace(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\v' || c === '\f';
}

function isHex(c: string): boolean {
  return /^[0-9a-fA-F]$/.test(c);
}

/**
 * Splits an inline request as Redis's sdssplitargs does: whitespace separates arguments; "double
 * quotes" take \n \r \t \b \a \xHH and \<any> escapes; 'single quotes' take only \'. A closing
 * quote must be followed by whitespace or the end. Returns null for unbalanced quotes.
 */
export function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    while (i < n && isSpace(line[i])) i++;
    if (i >= n) return out;
    let current = '';
    let inDouble = false;
    let inSingle = false;
    let done = false;
    while (!done) {
      const c = line[i];
      if (inDouble) {
        if (i >= n) return null;
        if (c === '\\' && line[i + 1] === 'x' && isHex(line[i + 2] ?? '') && isHex(line[i + 3] ?? '')) {
          current += String.fromCharCode(parseInt(line.substr(i + 2, 2), 16));
          i += 3;
        } else if (c === '\\' && i + 1 < n) {
          i++;
          current += ESCAPES[line[i]] ?? line[i];
        } else if (c === '"') {
          if (i + 1 < n && !isSpace(line[i + 1])) return null;
          done = true;
        } else {
          current += c;
        }
      } else if (inSingle) {
        if (i >= n) return null;
        if (c === '\\' && line[i + 1] === "'") {
          i++;
          current += "'";
        } else if (c === "'") {
          if (i + 1 < n && !isSpace(line[i + 1])) return null;
          done = true;
        } else {
          current += c;
        }
      } else if (i >= n || isSpace(c)) {
        done = true;
      } else if (c === '"') {
        inDouble = true;
      } else if (c === "'") {
        inSingle = true;
      } else {
        current += c;
      }
      if (i < n) i++;
    }
    out.push(current);
  }
}
