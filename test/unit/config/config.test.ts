/**
 * The live configuration: defaults as Redis 7.0, CONFIG GET matching (exact names, aliases, globs,
 * several patterns), and CONFIG SET's validation, error texts and all-or-nothing application.
 */
import { describe, expect, it } from 'vitest';
import { Config } from '../../../src/config/config';
import type { ConfigRow, ConfigValue } from '../../../src/config/table';

const noApply = () => undefined;

describe('defaults', () => {
  it('start as Redis 7.0 does', () => {
    const c = new Config();
    const expected: Record<string, ConfigValue> = {
      port: 6379,
      bind: '127.0.0.1 -::1',
      databases: 16,
      hz: 10,
      maxmemory: 0,
      'maxmemory-policy': 'noeviction',
      'maxmemory-samples': 5,
      'maxmemory-eviction-tenacity': 10,
      'lfu-log-factor': 10,
      'lfu-decay-time': 1,
      timeout: 0,
      maxclients: 10000,
      'proto-max-bulk-len': 512 * 1024 * 1024,
      'client-query-buffer-limit': 1024 ** 3,
      'enable-debug-command': 'no',
    };
    for (const [name, value] of Object.entries(expected)) expect(c.get(name), name).toBe(value);
    for (const row of c.rows) expect(c.isDefault(row), row.name).toBe(true);
  });
});

describe('CONFIG GET matching', () => {
  const c = new Config();
  const names = (patterns: string[]) => c.matching(patterns).map(([n]) => n);

  it('finds exact names in any case, once each', () => {
    expect(c.matching(['maxmemory'])).toEqual([['maxmemory', '0']]);
    expect(names(['MAXMEMORY', 'maxmemory'])).toEqual(['MAXMEMORY']);
    expect(c.matching(['nosuch'])).toEqual([]);
  });

  it('answers an alias under the name asked for', () => {
    expect(c.matching(['hash-max-ziplist-entries'])).toEqual([['hash-max-ziplist-entries', '512']]);
  });

  it('matches globs against names and aliases', () => {
    expect(names(['maxmemory*']).sort()).toEqual(['maxmemory', 'maxmemory-clients', 'maxmemory-eviction-tenacity', 'maxmemory-policy', 'maxmemory-samples']);
    expect(names(['hash-max-*-entries']).sort()).toEqual(['hash-max-listpack-entries', 'hash-max-ziplist-entries']);
    expect(names(['?z']).sort()).toEqual(['hz']);
    expect(names(['[hp]ort', 'h[^a-y]'])).toEqual(['port', 'hz']);
    expect(names(['*']).length).toBeGreaterThanOrEqual(c.rows.length);
  });

  it('unions several patterns without repeating a name', () => {
    const got = names(['port', 'p*', 'databases']);
    expect(got[0]).toBe('port');
    expect(new Set(got).size).toBe(got.length);
    expect(got).toContain('databases');
    expect(got).toContain('pidfile');
  });

  it('prints booleans as yes/no and memory in bytes', () => {
    expect(c.matching(['protected-mode'])).toEqual([['protected-mode', 'yes']]);
    expect(c.matching(['proto-max-bulk-len'])).toEqual([['proto-max-bulk-len', String(512 * 1024 * 1024)]]);
  });
});

describe('CONFIG SET', () => {
  const err = (name: string, reason: string) => `ERR CONFIG SET failed (possibly related to argument '${name}') - ${reason}`;

  it('validates with Redis error texts', () => {
    const c = new Config();
    expect(c.setMany([['nosuch', '1']], noApply)).toBe("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'");
    expect(c.setMany([['maxmemory', '10xb']], noApply)).toBe(err('maxmemory', 'argument must be a memory value'));
    expect(c.setMany([['maxmemory-samples', 'x']], noApply)).toBe(err('maxmemory-samples', "argument couldn't be parsed into an integer"));
    expect(c.setMany([['maxmemory-samples', '0']], noApply)).toBe(err('maxmemory-samples', 'argument must be between 1 and 2147483647 inclusive'));
    expect(c.setMany([['protected-mode', 'maybe']], noApply)).toBe(err('protected-mode', "argument must be 'yes' or 'no'"));
    expect(c.setMany([['databases', '4']], noApply)).toBe(err('databases', "can't set immutable config"));
    expect(c.setMany([['maxmemory', '1'], ['MAXMEMORY', '2']], noApply)).toBe(err('MAXMEMORY', 'duplicate parameter'));
    expect(c.setMany([['maxmemory-policy', 'bogus']], noApply)).toBe(
      err('maxmemory-policy', 'argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction'),
    );
  });

  it('applies several pairs, normalising case and units', () => {
    const c = new Config();
    expect(c.setMany([['maxmemory', '100MB'], ['maxmemory-policy', 'allkeys-LRU'], ['hash-max-ziplist-entries', '10']], noApply)).toBeUndefined();
    expect(c.get('maxmemory')).toBe(100 * 1024 * 1024);
    expect(c.get('maxmemory-policy')).toBe('allkeys-lru');
    expect(c.get('hash-max-listpack-entries')).toBe(10);
  });

  it('changes protected settings only where enable-protected-configs allows, to a directory that exists', () => {
    const c = new Config();
    expect(c.setMany([['dir', '/tmp']], noApply, false)).toBe(err('dir', "can't set protected config"));
    expect(c.setMany([['dir', '/nonexistent/dir']], noApply, true)).toBe(err('dir', 'No such file or directory'));
    expect(c.setMany([['dir', __filename]], noApply, true)).toBe(err('dir', 'Not a directory'));
    expect(c.setMany([['dir', '/tmp']], noApply, true)).toBeUndefined();
    expect(c.get('dir')).toBe('/tmp');
  });

  it('brings hz into 1..500 as Redis does', () => {
    const c = new Config();
    expect(c.setMany([['hz', '0']], noApply)).toBeUndefined();
    expect(c.get('hz')).toBe(1);
    expect(c.setMany([['hz', '501']], noApply)).toBeUndefined();
    expect(c.get('hz')).toBe(500);
    expect(c.setMany([['hz', '-1']], noApply)).toBe(err('hz', 'argument must be between 0 and 2147483647 inclusive'));
  });

  it('changes nothing when any pair is invalid', () => {
    const c = new Config();
    expect(c.setMany([['maxmemory', '1mb'], ['maxmemory-samples', '0']], noApply)).toBeDefined();
    expect(c.get('maxmemory')).toBe(0);
  });

  it('restores earlier pairs when an apply hook fails', () => {
    const c = new Config();
    const applied: Array<[string, ConfigValue]> = [];
    const apply = (row: ConfigRow, value: ConfigValue) => {
      applied.push([row.name, value]);
      return row.name === 'hz' && value === 20 ? 'cannot' : undefined;
    };
    expect(c.setMany([['maxmemory', '5mb'], ['hz', '20']], apply)).toBe(err('hz', 'cannot'));
    expect(c.get('maxmemory')).toBe(0);
    expect(c.get('hz')).toBe(10);
    // The hook saw the old maxmemory again, so the running server is back where it was.
    expect(applied[applied.length - 1]).toEqual(['maxmemory', 0]);
  });

  it('lets inert settings be set only to what respkv does', () => {
    const c = new Config();
    expect(c.setMany([['save', '']], noApply)).toBeUndefined();
    expect(c.setMany([['appendonly', 'no']], noApply)).toBeUndefined();
    expect(c.setMany([['appendonly', 'yes']], noApply)).toBe(err('appendonly', 'not supported by respkv'));
  });
});
