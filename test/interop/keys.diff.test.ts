/**
 * Differential tests of the keyspace commands (EXISTS ... FLUSHALL, OBJECT): respkv and redis-server 7.0 get the same
 * commands and must answer the same bytes, error cases included. Orders Redis leaves unspecified
 * (KEYS, SCAN) are compared as multisets; TTLs only in seconds, which a test run cannot cross.
 */
import { describe, expect, it } from 'vitest';
import { usePair } from '../helpers/differential';
import { decodeReply } from '../helpers/resp';
import { RawClient } from '../helpers/raw';
import { stringCommands } from '../../src/commands/strings';
import { bitmapCommands } from '../../src/commands/bitmaps';
import { keyCommands } from '../../src/commands/keys';
import { expireCommands } from '../../src/commands/expire';

const pair = usePair();

/** A SCAN reply as its cursor and its keys sorted (Redis leaves their order unspecified). */
function scanReply(raw: string): { cursor: string; keys: string[] } {
  const [cursor, keys] = decodeReply(Buffer.from(raw, 'latin1')) as [string, string[]];
  return { cursor, keys: [...keys].sort() };
}

describe('keyspace commands, as redis-server 7.0', () => {
  it("EXISTS, DEL, UNLINK, TOUCH count every mention", async () => {
    await pair.expectSame([
      ["flushall"],
      ["set", "a", "1"],
      ["set", "b", "2"],
      ["exists", "a", "b", "a", "nokey"],
      ["exists", "nokey"],
      ["touch", "a", "b", "a", "nokey"],
      ["touch", "nokey"],
      ["del", "a", "nokey", "a"],
      ["unlink", "b", "nokey"],
      ["del", "nokey"],
      ["mset", "a", "1", "b", "2", "c", "3"],
      ["unlink", "a", "b", "c"],
      ["dbsize"],
      ["exists"],
      ["del"],
      ["unlink"],
      ["touch"],
    ]);
  });

  it("TYPE of every kind of value", async () => {
    await pair.expectSame([
      ["flushall"],
      ["set", "a", "1"],
      ["type", "a"],
      ["type", "nokey"],
      ["rpush", "l", "1", "2"],
      ["type", "l"],
      ["type"],
      ["type", "a", "b"],
    ]);
  });

  it("RENAME and RENAMENX", async () => {
    await pair.expectSame([
      ["flushall"],
      ["set", "a", "1"],
      ["rename", "a", "a"],
      ["renamenx", "a", "a"],
      ["rename", "nokey", "x"],
      ["renamenx", "nokey", "x"],
      ["rename", "nokey", "nokey"],
      ["rename", "a", "c"],
      ["get", "c"],
      ["exists", "a"],
      ["set", "d", "4"],
      ["renamenx", "c", "d"],
      ["renamenx", "c", "e"],
      ["get", "e"],
      ["rename", "e", "d"],
      ["get", "d"],
      ["expire", "d", "100"],
      ["rename", "d", "f"],
      ["ttl", "f"],
      ["set", "g", "1"],
      ["expire", "g", "100"],
      ["set", "h", "2"],
      ["rename", "h", "g"],
      ["ttl", "g"],
      ["rpush", "l", "1", "2", "3"],
      ["rename", "l", "l2"],
      ["lrange", "l2", "0", "-1"],
      ["type", "l"],
      ["rename", "a"],
      ["renamenx", "a"],
    ]);
  });

  it("MOVE between databases", async () => {
    await pair.expectSame([
      ["flushall"],
      ["set", "f", "1"],
      ["expire", "f", "100"],
      ["move", "f", "1"],
      ["move", "f", "1"],
      ["move", "nokey", "1"],
      ["move", "f", "0"],
      ["select", "1"],
      ["move", "f", "1"],
      ["move", "f", "16"],
      ["move", "f", "x"],
      ["move", "f", "-1"],
      ["move", "f", "2147483648"],
      ["get", "f"],
      ["ttl", "f"],
      ["set", "x", "here"],
      ["select", "0"],
      ["set", "x", "there"],
      ["move", "x", "1"],
      ["get", "x"],
      ["rpush", "l", "a", "b"],
      ["move", "l", "2"],
      ["select", "2"],
      ["lrange", "l", "0", "-1"],
      ["select", "0"],
      ["move", "f"],
    ]);
  });

  it("COPY with DB and REPLACE", async () => {
    await pair.expectSame([
      ["flushall"],
      ["set", "f", "1"],
      ["expire", "f", "100"],
      ["copy", "f", "g"],
      ["ttl", "g"],
      ["copy", "f", "f"],
      ["copy", "nokey", "g"],
      ["copy", "f", "g"],
      ["copy", "f", "g", "db", "1"],
      ["copy", "f", "g", "db", "x"],
      ["copy", "f", "g", "db", "99"],
      ["copy", "f", "g", "db", "-1"],
      ["copy", "f", "g", "foo"],
      ["copy", "f", "g", "db"],
      ["copy", "f", "g", "replace", "replace"],
      ["copy", "f", "f", "db", "1"],
      ["set", "h", "hval"],
      ["copy", "h", "f"],
      ["copy", "h", "f", "replace"],
      ["get", "f"],
      ["ttl", "f"],
      ["rpush", "l", "a", "b", "c"],
      ["copy", "l", "l2"],
      ["lrange", "l2", "0", "-1"],
      ["rpush", "l2", "d"],
      ["lrange", "l", "lrange", "0", "-1"],
      ["lrange", "l", "0", "-1"],
      ["copy", "h", "h", "db", "1", "replace"],
      ["select", "1"],
      ["get", "h"],
      ["get", "f"],
      ["ttl", "f"],
      ["flushdb"],
      ["select", "0"],
      ["copy", "f"],
    ]);
  });

  it("KEYS with the full glob syntax", async () => {
    await pair.expectSame([
      ["flushall"],
      ["mset", "hello", "1", "hallo", "2", "hxllo", "3", "hllo", "4", "heeeello", "5", "h*llo", "6", "h[a]llo", "7", "abc", "8", "", "9", "Hello", "10"],
      { cmd: ["keys", "*"], unordered: true },
      { cmd: ["keys", "h?llo"], unordered: true },
      { cmd: ["keys", "h*llo"], unordered: true },
      { cmd: ["keys", "h[ae]llo"], unordered: true },
      { cmd: ["keys", "h[^e]llo"], unordered: true },
      { cmd: ["keys", "h[a-b]llo"], unordered: true },
      { cmd: ["keys", "h[b-a]llo"], unordered: true },
      { cmd: ["keys", "h\\*llo"], unordered: true },
      { cmd: ["keys", "h\\[a\\]llo"], unordered: true },
      { cmd: ["keys", "*llo"], unordered: true },
      { cmd: ["keys", "["], unordered: true },
      { cmd: ["keys", "[a"], unordered: true },
      { cmd: ["keys", "h["], unordered: true },
      { cmd: ["keys", "\\"], unordered: true },
      { cmd: ["keys", ""], unordered: true },
      { cmd: ["keys", "nomatch*"], unordered: true },
      { cmd: ["keys", "a?c"], unordered: true },
      { cmd: ["keys", "???"], unordered: true },
      { cmd: ["keys", "[^h]*"], unordered: true },
      { cmd: ["keys", "*[e]*"], unordered: true },
      { cmd: ["keys", "h[\\]]llo"], unordered: true },
      { cmd: ["keys", "H*"], unordered: true },
      ["keys"],
      ["keys", "a", "b"],
    ]);
  });

  it("SCAN arguments and errors", async () => {
    await pair.expectSame([
      ["flushall"],
      ["mset", "a", "1", "b", "2", "c", "3"],
      ["rpush", "l", "1"],
      ["scan", "x"],
      ["scan", "0", "count", "0"],
      ["scan", "0", "count", "-1"],
      ["scan", "0", "count", "x"],
      ["scan", "0", "match"],
      ["scan", "0", "foo", "bar"],
      ["scan", "0", "type"],
      ["scan", " 0"],
      ["scan", "0 "],
      ["scan", "18446744073709551616"],
      ["scan", "-18446744073709551616"],
      ["scan", "-"],
      ["scan", "1.5"],
      ["scan"],
    ]);
  });

  it("RANDOMKEY, DBSIZE, SWAPDB, FLUSHDB, FLUSHALL", async () => {
    await pair.expectSame([
      ["flushall"],
      ["randomkey"],
      ["set", "only", "1"],
      ["randomkey"],
      ["dbsize"],
      ["swapdb", "0", "1"],
      ["dbsize"],
      ["swapdb", "0", "x"],
      ["swapdb", "x", "0"],
      ["swapdb", "0", "99"],
      ["swapdb", "99", "0"],
      ["swapdb", "0", "-1"],
      ["swapdb", "0", "2147483648"],
      ["swapdb", "1", "0"],
      ["dbsize"],
      ["get", "only"],
      ["swapdb", "0", "0"],
      ["get", "only"],
      ["select", "1"],
      ["set", "other", "2"],
      ["select", "0"],
      ["flushdb", "foo"],
      ["flushdb", "sync", "async"],
      ["flushdb", "async"],
      ["dbsize"],
      ["select", "1"],
      ["dbsize"],
      ["flushdb", "SYNC"],
      ["dbsize"],
      ["select", "0"],
      ["set", "z", "1"],
      ["flushall", "sync", "async"],
      ["flushall", "foo"],
      ["flushall", "async"],
      ["dbsize"],
      ["set", "z", "1"],
      ["flushall", "SYNC"],
      ["dbsize"],
      ["randomkey", "x"],
      ["dbsize", "x"],
      ["swapdb", "0"],
    ]);
  });

  it("OBJECT subcommands and errors", async () => {
    await pair.expectSame([
      ["flushall"],
      ["set", "s", "str"],
      ["object"],
      ["object", "foo"],
      ["object", "foo", "bar"],
      ["object", "help"],
      ["object", "HELP"],
      ["object", "help", "x"],
      ["object", "encoding"],
      ["object", "encoding", "s", "x"],
      ["object", "encoding", "nokey"],
      ["object", "refcount", "nokey"],
      ["object", "idletime", "nokey"],
      ["object", "freq", "nokey"],
      ["object", "freq", "s"],
      ["object", "idletime", "s"],
      ["object", "refcount", "s"],
      ["object", "encoding", "s"],
      ["rpush", "l", "a"],
      ["object", "encoding", "l"],
    ]);
  });

  it("KEYS: classes, ranges and escapes exactly as stringmatchlen", async () => {
    await pair.expectSame([
      ["flushall"],
      ["mset", "a", "1", "b", "1", "]", "1", "-", "1", "\\", "1", "^", "1", "a]", "1", "a-", "1", "[", "1", "ab", "1", "abc", "1", "a^", "1", "x", "1", "z", "1", "a]b", "1", "[a]", "1", "a\\", "1", "*", "1", "?", "1"],
      { cmd: ["keys", "[a-]"], unordered: true },
      { cmd: ["keys", "[-a]"], unordered: true },
      { cmd: ["keys", "[]]"], unordered: true },
      { cmd: ["keys", "[]a]"], unordered: true },
      { cmd: ["keys", "[^]]"], unordered: true },
      { cmd: ["keys", "[^]"], unordered: true },
      { cmd: ["keys", "["], unordered: true },
      { cmd: ["keys", "[a"], unordered: true },
      { cmd: ["keys", "a["], unordered: true },
      { cmd: ["keys", "[a-"], unordered: true },
      { cmd: ["keys", "[a-]]"], unordered: true },
      { cmd: ["keys", "[a-]b"], unordered: true },
      { cmd: ["keys", "a[]-]"], unordered: true },
      { cmd: ["keys", "[\\]]"], unordered: true },
      { cmd: ["keys", "[\\"], unordered: true },
      { cmd: ["keys", "\\"], unordered: true },
      { cmd: ["keys", "a\\"], unordered: true },
      { cmd: ["keys", "[z-a]"], unordered: true },
      { cmd: ["keys", "[^a-z]"], unordered: true },
      { cmd: ["keys", "[a-a]"], unordered: true },
      { cmd: ["keys", "*]"], unordered: true },
      { cmd: ["keys", "*["], unordered: true },
      { cmd: ["keys", "[*]"], unordered: true },
      { cmd: ["keys", "[?]"], unordered: true },
      { cmd: ["keys", "\\*"], unordered: true },
      { cmd: ["keys", "\\?"], unordered: true },
      { cmd: ["keys", "[!a]"], unordered: true },
      { cmd: ["keys", "[^^]"], unordered: true },
      { cmd: ["keys", "[a\\-z]"], unordered: true },
      { cmd: ["keys", "[---]"], unordered: true },
      { cmd: ["keys", "[]-a]"], unordered: true },
      { cmd: ["keys", "[\\-]"], unordered: true },
      { cmd: ["keys", "**"], unordered: true },
      { cmd: ["keys", "*a*"], unordered: true },
      { cmd: ["keys", "?*"], unordered: true },
      { cmd: ["keys", "*?"], unordered: true },
      { cmd: ["keys", "[[]"], unordered: true },
      { cmd: ["keys", "[[]a]"], unordered: true },
      { cmd: ["keys", "a[b-]"], unordered: true },
      { cmd: ["keys", "[b-]*"], unordered: true },
    ]);
  });

  it("OBJECT FREQ, IDLETIME and REFCOUNT under the maxmemory policies", async () => {
    await pair.expectSame([
      ["flushall"],
      ["config", "set", "maxmemory-policy", "allkeys-lfu"],
      ["set", "k", "v"],
      ["object", "freq", "k"],
      ["object", "idletime", "k"],
      ["get", "k"],
      ["object", "freq", "k"],
      ["type", "k"],
      ["exists", "k"],
      ["ttl", "k"],
      ["object", "freq", "k"],
      ["set", "n", "100"],
      ["object", "refcount", "n"],
      ["config", "set", "maxmemory", "100mb"],
      ["set", "n2", "100"],
      ["object", "refcount", "n2"],
      ["object", "refcount", "n"],
      ["config", "set", "maxmemory-policy", "volatile-lru"],
      ["set", "n3", "100"],
      ["object", "refcount", "n3"],
      ["object", "idletime", "n3"],
      ["object", "freq", "n3"],
      ["config", "set", "maxmemory-policy", "allkeys-random"],
      ["set", "n4", "100"],
      ["object", "refcount", "n4"],
      ["config", "set", "maxmemory", "0"],
      ["config", "set", "maxmemory-policy", "noeviction"],
      ["set", "n5", "5"],
      ["object", "refcount", "n5"],
      ["config", "set", "maxmemory", "100mb"],
      ["config", "set", "maxmemory-policy", "allkeys-lru"],
      ["set", "m", "7"],
      ["incr", "m"],
      ["object", "refcount", "m"],
      ["copy", "m", "m2"],
      ["object", "refcount", "m2"],
      ["rename", "m", "m3"],
      ["object", "refcount", "m3"],
      ["config", "set", "maxmemory", "0"],
      ["object", "refcount", "m3"],
      ["set", "p", "7"],
      ["copy", "p", "p2"],
      ["object", "refcount", "p"],
      ["object", "refcount", "p2"],
      ["object", "encoding", "p2"],
      ["set", "q", "20000"],
      ["incrby", "q", "-19000"],
      ["object", "refcount", "q"],
      ["append", "ap", "5"],
      ["object", "refcount", "ap"],
      ["config", "set", "maxmemory-policy", "noeviction"],
      ["config", "set", "maxmemory", "0"],
    ]);
  });

  it("TYPE, SCAN TYPE, COPY and RENAME of hashes, sets and sorted sets", async () => {
    await pair.expectSame([
      ["flushall"],
      ["hset", "h", "f", "v"],
      ["sadd", "s", "m"],
      ["zadd", "z", "1", "m"],
      ["msetnx", "z", "1"],
      ["type", "h"],
      ["type", "s"],
      ["type", "z"],
      ["object", "encoding", "h"],
      ["scan", "0", "type", "hash"],
      ["scan", "0", "type", "set"],
      ["scan", "0", "type", "zset"],
      ["copy", "h", "h2"],
      ["hgetall", "h2"],
      ["copy", "s", "s2"],
      ["smembers", "s2"],
      ["copy", "z", "z2"],
      ["zrange", "z2", "0", "-1", "withscores"],
      ["rename", "h2", "h3"],
      ["hgetall", "h3"],
    ]);
  });


  it('SCAN filters by MATCH and TYPE and completes in one call with a large COUNT', async () => {
    await pair.expectSame([['FLUSHALL'], ['MSET', 'a', '1', 'b', '2', 'c', '3', 'ab', '4'], ['RPUSH', 'l', '1'], ['RPUSH', 'la', '1']]);
    const scans = [
      ['SCAN', '0', 'COUNT', '100'],
      ['SCAN', '', 'COUNT', '100'],
      ['SCAN', '+0', 'COUNT', '100'],
      ['SCAN', '0', 'MATCH', 'a*', 'COUNT', '100'],
      ['SCAN', '0', 'MATCH', '[ab]', 'COUNT', '100', 'COUNT', '200'],
      ['SCAN', '0', 'MATCH', '*', 'COUNT', '100'],
      ['SCAN', '0', 'TYPE', 'string', 'COUNT', '100'],
      ['SCAN', '0', 'TYPE', 'STRING', 'COUNT', '100'],
      ['SCAN', '0', 'TYPE', 'list', 'COUNT', '100'],
      ['SCAN', '0', 'TYPE', 'nosuch', 'COUNT', '100'],
      ['SCAN', '0', 'TYPE', 'list', 'MATCH', '*a', 'COUNT', '100'],
    ];
    for (const cmd of scans) {
      const [ours, theirs] = await pair.both(...cmd);
      expect(scanReply(ours), cmd.join(' ')).toEqual(scanReply(theirs));
    }
  });
  it('answers keyspace commands the RESP3 way after HELLO 3', async () => {
    await pair.expectSame([
      { cmd: ['HELLO', '3'], typeOnly: true },
      ['FLUSHALL'],
      ['SET', 'a', '1'],
      ['TYPE', 'a'],
      ['TYPE', 'nokey'],
      ['OBJECT', 'ENCODING', 'nokey'],
      ['OBJECT', 'HELP'],
      ['RANDOMKEY'],
      ['SCAN', '0'],
      ['KEYS', '*'],
      ['DEL', 'a'],
      ['RANDOMKEY'],
      { cmd: ['HELLO', '2'], typeOnly: true },
    ]);
  });
});

describe('keyspace notifications of the string, keyspace and expiry commands, as redis-server 7.0', () => {
  /** Reads published messages until the sentinel arrives; returns them as raw replies. */
  async function drain(sub: RawClient): Promise<string[]> {
    const out: string[] = [];
    for (;;) {
      const msg = (await sub.read()).toString('latin1');
      if (msg.includes('sentinel')) return out;
      out.push(msg);
    }
  }

  it('publishes the same events, in the same order', async () => {
    const subs = await Promise.all([RawClient.connect(pair.respkv.port), RawClient.connect(pair.redis.port)]);
    await pair.expectSame([['FLUSHALL'], ['CONFIG', 'SET', 'notify-keyspace-events', 'KEA']]);
    for (const sub of subs) {
      expect(await sub.call('PSUBSCRIBE', '__key*__:*')).toContain('psubscribe');
      expect(await sub.call('SUBSCRIBE', 'sentinel')).toContain('subscribe');
    }
    await pair.expectSame([
      ['SET', 'k', 'v'],
      ['SET', 'k', 'v', 'EX', '100'],
      ['SETNX', 'k', 'x'],
      ['SETNX', 'n', 'x'],
      ['SETEX', 's', '100', 'v'],
      ['PSETEX', 's', '100000', 'v'],
      ['GETSET', 's', 'w'],
      ['MSET', 'a', '1', 'b', '2'],
      ['MSETNX', 'c', '1', 'd', '2'],
      ['APPEND', 'a', 'x'],
      ['INCR', 'b'],
      ['DECRBY', 'b', '5'],
      ['INCRBYFLOAT', 'b', '1.5'],
      ['SETRANGE', 'a', '3', 'yz'],
      ['SETRANGE', 'a', '3', ''],
      ['SETBIT', 'bits', '3', '1'],
      ['SETBIT', 'bits', '3', '1'],
      ['SETBIT', 'bits', '3', '0'],
      ['SETBIT', 'bits', '3', '1'],
      ['BITFIELD', 'bf', 'SET', 'u8', '0', '7', 'GET', 'u8', '0'],
      ['BITFIELD', 'bf', 'GET', 'u8', '0'],
      ['BITFIELD', 'bf', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '1000'],
      ['BITOP', 'OR', 'dest', 'bits', 'a'],
      ['BITOP', 'AND', 'dest', 'nokey'],
      ['GETDEL', 'c'],
      ['GETEX', 'd', 'EX', '100'],
      ['GETEX', 'd', 'PERSIST'],
      ['GETEX', 'd', 'PERSIST'],
      ['GETEX', 'd', 'PXAT', '1'],
      ['EXPIRE', 'a', '100'],
      ['PERSIST', 'a'],
      ['EXPIRE', 'a', '-1'],
      ['DEL', 'n', 'nokey'],
      ['UNLINK', 'k'],
      ['RENAME', 'bits', 'bits2'],
      ['RENAMENX', 'bits2', 'bits3'],
      ['MOVE', 'bits3', '1'],
      ['SELECT', '1'],
      ['COPY', 'bits3', 'bits4', 'DB', '0'],
      ['SELECT', '0'],
      ['SET', 'short', 'v', 'PX', '1'],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await pair.expectSame([['GET', 'short'], ['FLUSHDB'], ['PUBLISH', 'sentinel', 'end']]);
    const [ours, theirs] = await Promise.all(subs.map(drain));
    expect(ours).toEqual(theirs);
    expect(theirs.length).toBeGreaterThan(40);
    for (const sub of subs) sub.close();
    await pair.expectSame([['CONFIG', 'SET', 'notify-keyspace-events', '']]);
  });
});

describe('wrong number of arguments for every string, keyspace and expiry command, as redis-server 7.0', () => {
  it('answers one argument too few, and one too many for fixed arities, identically', async () => {
    const rows = [...stringCommands, ...bitmapCommands, ...keyCommands, ...expireCommands];
    const steps: string[][] = [];
    for (const row of rows) {
      for (const sub of row.subcommands ?? [row]) {
        const prefix = row.subcommands ? [row.name, sub.name] : [row.name];
        const arity = Math.abs(sub.arity);
        const args = (n: number) => [...prefix, ...Array.from({ length: n - prefix.length }, (_, i) => `arg${i}`)];
        if (arity > prefix.length) steps.push(args(arity - 1));
        if (sub.arity > 0) steps.push(args(arity + 1));
      }
    }
    expect(steps.length).toBeGreaterThan(60);
    await pair.expectSame([['FLUSHALL'], ...steps, ['DBSIZE']]);
  });
});
