/**
 * Parsing and printing of config values as Redis 7.0 does: memory sizes with units (b, k=1000,
 * kb=1024, m, mb, g, gb; case-insensitive, digits only), yes/no booleans, strict integers, and the
 * C-escaped double-quoted form (sdscatrepr) of command-line options and rewritten strings.
 */

const MEMORY_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1000,
  kb: 1024,
  m: 1000 * 1000,
  mb: 1024 * 1024,
  g: 1000 * 1000 * 1000,
  gb: 1024 * 1024 * 1024,
};

/** Redis's memtoull: bytes, or null when the text is not a memory value. */
export function parseMemory(text: string): number | null {
  const m = /^([0-9]*)([a-zA-Z]*)$/.exec(text);
  if (m === null || m[1] === '') return null;
  const unit = MEMORY_UNITS[m[2].toLowerCase()];
  if (unit === undefined) return null;
  const n = Number(m[1]) * unit;
  return Number.isSafeInteger(n) ? n : null;
}

/** Redis's string2ll: optional '-', digits, no leading zeros or '+', within 64 bits. */
export function parseStrictInt(text: string): number | null {
  if (!/^(0|-?[1-9][0-9]*)$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

export function parseYesNo(text: string): boolean | null {
  const t = text.toLowerCase();
  return t === 'yes' ? true : t === 'no' ? false : null;
}

/** `4gb`-style text for CONFIG REWRITE when the value is an exact multiple, plain bytes otherwise. */
export function memoryToConfigText(bytes: number): string {
  const units: Array<[string, number]> = [
    ['gb', 1024 * 1024 * 1024],
    ['mb', 1024 * 1024],
    ['kb', 1024],
  ];
  for (const [name, size] of units) if (bytes !== 0 && bytes % size === 0) return `${bytes / size}${name}`;
  return String(bytes);
}

/** used_memory_human style: 1024-based with two decimals (0B, 1.50K, 3.00M). */
export function bytesToHuman(n: number): string {
  const units = ['B', 'K', 'M', 'G', 'T', 'P'];
  if (n < 1024) return `${n}B`;
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(2)}${units[i]}`;
}

/** Redis's sdscatrepr: a double-quoted string with C escapes for quotes and unprintable bytes. */
export function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch in C_ESCAPES) out += C_ESCAPES[ch];
    else if (code < 0x20 || code > 0x7e) out += '\\x' + code.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

const C_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\x07': '\\a', '\b': '\\b' };
