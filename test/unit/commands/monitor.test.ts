/**
 * MONITOR's line pieces: sdscatrepr quoting of every byte value and the redaction of secrets.
 */
import { describe, expect, it } from 'vitest';
// The server module first: it loads the command families in the order the application does.
import '../../../src/server';
import { quoteRepr, redactedArgv } from '../../../src/commands/monitor';

describe('quoteRepr (sdscatrepr)', () => {
  it('escapes quotes, backslashes and control characters, and hex-escapes the rest', () => {
    expect(quoteRepr('plain text')).toBe('"plain text"');
    expect(quoteRepr('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(quoteRepr('\n\r\t\x07\x08')).toBe('"\\n\\r\\t\\a\\b"');
    expect(quoteRepr('\x00\x1f\x7f\xff')).toBe('"\\x00\\x1f\\x7f\\xff"');
    expect(quoteRepr('')).toBe('""');
  });
});

describe('redactedArgv', () => {
  it('hides AUTH arguments and HELLO AUTH credentials only', () => {
    expect(redactedArgv(['AUTH', 'pw'])).toEqual(['AUTH', '(redacted)']);
    expect(redactedArgv(['auth', 'user', 'pw'])).toEqual(['auth', '(redacted)', '(redacted)']);
    expect(redactedArgv(['HELLO', '3', 'AUTH', 'u', 'p', 'SETNAME', 'n'])).toEqual(['HELLO', '3', 'AUTH', '(redacted)', '(redacted)', 'SETNAME', 'n']);
    const get = ['GET', 'k'];
    expect(redactedArgv(get)).toBe(get);
  });
});
