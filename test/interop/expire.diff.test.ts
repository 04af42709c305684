/**
 * Differential tests of the expiry commands (EXPIRE family, TTL family, PERSIST): respkv and redis-server 7.0 get the same
 * commands and must answer the same bytes, error cases included. Orders Redis leaves unspecified
 * (KEYS, SCAN) are compared as multisets; TTLs only in seconds, which a test run cannot cross.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { Pair, startPair } from '../helpers/differential';

let pair: Pair;
beforeAll(async () => {
  pair = await startPair();
});
afterAll(async () => {
  await pair?.stop();
});

describe('expiry commands, as redis-server 7.0', () => {
  it("EXPIRE with NX, XX, GT and LT", async () => {
    await pair.expectSame([
      ["flushall"],
      ["set", "k", "v"],
      ["expire", "k", "100"],
      ["ttl", "k"],
      ["expire", "k", "100", "nx"],
      ["expire", "k", "200", "xx"],
      ["ttl", "k"],
      ["expire", "k", "50", "gt"],
      ["expire", "k", "500", "gt"],
      ["ttl", "k"],
      ["expire", "k", "600", "lt"],
      ["expire", "k", "50", "lt"],
      ["ttl", "k"],
      ["expire", "k", "45", "xx", "gt"],
      ["expire", "k", "40", "xx", "lt"],
      ["ttl", "k"],
      ["persist", "k"],
      ["expire", "k", "10", "xx"],
      ["expire", "k", "10", "gt"],
      ["expire", "k", "10", "lt"],
      ["ttl", "k"],
      ["expire", "k", "20", "nx"],
      ["ttl", "k"],
      ["expire", "nokey", "10"],
      ["expire", "nokey", "10", "nx"],
    ]);
  });

  it("option and argument errors", async () => {
    await pair.expectSame([
      ["flushall"],
      ["set", "k", "v"],
      ["expire", "k", "10", "nx", "xx"],
      ["expire", "k", "10", "nx", "gt"],
      ["expire", "k", "10", "nx", "lt"],
      ["expire", "k", "10", "gt", "lt"],
      ["expire", "k", "10", "foo"],
      ["expire", "k", "10", "NX", "GT"],
      ["expire", "k", "10", "xx", "xx"],
      ["expire", "k", "abc"],
      ["expire", "k", "abc", "foo"],
      ["expire", "k", "1.5"],
      ["expire", "k", ""],
      ["expire", "nokey", "abc"],
      ["expire", "k", "9223372036854775807"],
      ["expire", "k", "9223372036854775"],
      ["expire", "k", "9223372036854774"],
      ["expire", "k", "-9223372036854775808"],
      ["expire", "k", "-9223372036854775"],
      ["pexpire", "k", "9223372036854775807"],
      ["pexpireat", "k", "9223372036854775807"],
      ["expireat", "k", "9223372036854775807"],
      ["pexpire", "k", "x"],
      ["pexpireat", "k", "x"],
      ["expireat", "k", "x"],
      ["pexpire", "k", "10", "foo"],
      ["expireat", "k", "10", "bar"],
      ["expire"],
      ["expire", "k"],
      ["pexpire", "k"],
      ["expireat", "k"],
      ["pexpireat", "k"],
      ["ttl"],
      ["pttl"],
      ["expiretime"],
      ["pexpiretime"],
      ["persist"],
      ["ttl", "a", "b"],
      ["persist", "a", "b"],
    ]);
  });

  it("a time in the past deletes the key at once", async () => {
    await pair.expectSame([
      ["flushall"],
      ["set", "k", "v"],
      ["expire", "k", "-1"],
      ["exists", "k"],
      ["set", "k", "v"],
      ["expire", "k", "0"],
      ["exists", "k"],
      ["set", "k", "v"],
      ["pexpire", "k", "0"],
      ["exists", "k"],
      ["set", "k", "v"],
      ["pexpire", "k", "-100"],
      ["exists", "k"],
      ["set", "k", "v"],
      ["expireat", "k", "1"],
      ["exists", "k"],
      ["set", "k", "v"],
      ["pexpireat", "k", "1"],
      ["exists", "k"],
      ["set", "k", "v"],
      ["expireat", "k", "0"],
      ["exists", "k"],
      ["set", "k", "v"],
      ["pexpireat", "k", "-5"],
      ["exists", "k"],
      ["set", "k", "v"],
      ["expire", "k", "100"],
      ["expire", "k", "-1", "gt"],
      ["exists", "k"],
      ["expire", "k", "-1", "lt"],
      ["exists", "k"],
      ["rpush", "l", "a"],
      ["expire", "l", "-1"],
      ["exists", "l"],
    ]);
  });

  it("TTL, PTTL, EXPIRETIME, PEXPIRETIME and PERSIST", async () => {
    await pair.expectSame([
      ["flushall"],
      ["set", "k", "v"],
      ["pexpireat", "k", "4102444800000"],
      ["pexpiretime", "k"],
      ["expiretime", "k"],
      ["pexpireat", "k", "4102444800499"],
      ["expiretime", "k"],
      ["pexpireat", "k", "4102444800500"],
      ["expiretime", "k"],
      ["expireat", "k", "4102444800"],
      ["expiretime", "k"],
      ["expireat", "k", "4102444800", "gt"],
      ["expireat", "k", "4102444801", "gt"],
      ["pexpiretime", "k"],
      ["expireat", "k", "4102444799", "lt"],
      ["pexpiretime", "k"],
      ["ttl", "nokey"],
      ["pttl", "nokey"],
      ["expiretime", "nokey"],
      ["pexpiretime", "nokey"],
      ["set", "p", "v"],
      ["expiretime", "p"],
      ["pexpiretime", "p"],
      ["ttl", "p"],
      ["pttl", "p"],
      ["persist", "p"],
      ["persist", "nokey"],
      ["expire", "p", "100"],
      ["persist", "p"],
      ["ttl", "p"],
      ["persist", "p"],
      ["set", "k", "v", "px", "1600"],
      ["ttl", "k"],
      ["set", "k", "v", "px", "1400"],
      ["ttl", "k"],
      ["set", "k", "v", "ex", "100"],
      ["ttl", "k"],
    ]);
  });

  it("which writes keep a TTL and which clear it", async () => {
    await pair.expectSame([
      ["flushall"],
      ["set", "k", "v", "ex", "100"],
      ["set", "k", "v2", "keepttl"],
      ["ttl", "k"],
      ["set", "k", "v3"],
      ["ttl", "k"],
      ["setex", "k", "100", "v"],
      ["getset", "k", "w"],
      ["ttl", "k"],
      ["set", "n", "1"],
      ["expire", "n", "100"],
      ["incr", "n"],
      ["ttl", "n"],
      ["incrby", "n", "5"],
      ["decr", "n"],
      ["ttl", "n"],
      ["append", "n", "1"],
      ["ttl", "n"],
      ["incrbyfloat", "n", "1"],
      ["ttl", "n"],
      ["setrange", "n", "0", "9"],
      ["ttl", "n"],
      ["setbit", "n", "0", "1"],
      ["ttl", "n"],
      ["getex", "n"],
      ["ttl", "n"],
      ["mset", "n", "1"],
      ["ttl", "n"],
      ["set", "b", "x"],
      ["expire", "b", "100"],
      ["bitop", "not", "b", "b"],
      ["ttl", "b"],
      ["rpush", "l", "a"],
      ["expire", "l", "100"],
      ["rpush", "l", "b"],
      ["ttl", "l"],
    ]);
  });


  it('answers expiry commands the RESP3 way after HELLO 3', async () => {
    await pair.expectSame([
      { cmd: ['HELLO', '3'], typeOnly: true },
      ['FLUSHALL'],
      ['SET', 'k', 'v'],
      ['EXPIRE', 'k', '100'],
      ['TTL', 'k'],
      ['TTL', 'nokey'],
      ['PERSIST', 'k'],
      ['EXPIRE', 'k', '10', 'FOO'],
      { cmd: ['HELLO', '2'], typeOnly: true },
    ]);
  });
});
