'use strict';
/**
 * Micro-benchmarks of the hot helpers, one each: the request parser, the reply writer, the command
 * lookup, the eviction pool and the sorted set's skiplist. Each runs a fixed amount of work several
 * times and prints the median rate. Writes the "Micro-benchmarks" section of bench/RESULTS.md.
 *
 * Usage: npm run build && node bench/micro.js
 */
const path = require('node:path');
const { medianRunNs, machine, machineMarkdown, seededRandom, writeResultsSection } = require('./lib');

const dist = path.join(__dirname, '..', 'dist');
const { RequestParser } = require(path.join(dist, 'resp/parser'));
const { ReplyWriter } = require(path.join(dist, 'resp/writer'));
const { CommandTable } = require(path.join(dist, 'commands/table'));
const { ALL_COMMANDS } = require(path.join(dist, 'commands/index'));

/** The eviction benches' keyspace (keys in db 0 of 16), rounds per timed run, and policy families. */
const EVICTION_KEYS = 100000;
const EVICTION_ROUNDS = 10000;
const EVICTION_POLICIES = ['allkeys-lru', 'allkeys-lfu', 'volatile-ttl', 'allkeys-random'];

function encode(args) {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

/** Runs fn (which does `ops` operations) `runs` times; returns the median operations per second. */
function rate(ops, fn, runs = 7) {
  return ops / (medianRunNs(fn, runs) / 1e9);
}

const BENCHES = [
  {
    name: 'parser: 10,000 pipelined SET key value (16 KB reads)',
    ops: 10000,
    setup() {
      const input = Buffer.from(Array.from({ length: 10000 }, (_, i) => encode(['SET', `key:${i}`, 'value-xyz'])).join(''), 'latin1');
      let n = 0;
      const parser = new RequestParser({ onRequest: () => n++, onProtocolError: (m) => { throw new Error(m); } }, { maxBulkLen: 1 << 29, authRequired: false });
      return () => {
        for (let i = 0; i < input.length; i += 16384) parser.feed(input.subarray(i, i + 16384));
      };
    },
  },
  {
    name: 'parser: one 10 MB bulk string in 64 KB reads',
    ops: 1,
    setup() {
      const input = Buffer.concat([Buffer.from('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$10485760\r\n'), Buffer.alloc(10485760, 97), Buffer.from('\r\n')]);
      const parser = new RequestParser({ onRequest: () => {}, onProtocolError: (m) => { throw new Error(m); } }, { maxBulkLen: 1 << 29, authRequired: false });
      return () => {
        for (let i = 0; i < input.length; i += 65536) parser.feed(input.subarray(i, i + 65536));
      };
    },
  },
  {
    name: 'writer: 10,000 bulk replies of 16 bytes + take()',
    ops: 10000,
    setup() {
      const w = new ReplyWriter();
      return () => {
        for (let i = 0; i < 10000; i++) w.bulk('0123456789abcdef');
        w.take();
      };
    },
  },
  {
    name: 'writer: 10,000 +OK and :n replies + take()',
    ops: 10000,
    setup() {
      const w = new ReplyWriter();
      return () => {
        for (let i = 0; i < 5000; i++) {
          w.ok();
          w.int(i * 7);
        }
        w.take();
      };
    },
  },
  {
    name: 'command lookup: 10,000 mixed-case names',
    ops: 10000,
    setup() {
      const table = new CommandTable(ALL_COMMANDS);
      const names = ['GET', 'set', 'Ping', 'CONFIG', 'del', 'GET', 'SET', 'get'];
      return () => {
        for (let i = 0; i < 10000; i++) table.lookup(names[i & 7]);
      };
    },
  },
  ...evictionBenches(),
  {
    name: 'zset: 10,000 inserts then removals in a 1,000,000-member sorted set',
    ops: 20000,
    setup() {
      const zs = bigZset();
      const limits = { entries: 128, value: 64 };
      const result = { score: 0 };
      const names = Array.from({ length: 10000 }, (_, i) => `new:${i}`);
      return () => {
        for (let i = 0; i < 10000; i++) zs.add((i * 7919) % 1000000, names[i], 0, limits, result);
        for (let i = 0; i < 10000; i++) zs.remove(names[i]);
      };
    },
  },
  {
    name: 'zset: 10,000 ZRANK lookups in a 1,000,000-member sorted set',
    ops: 10000,
    setup() {
      const zs = bigZset();
      return () => {
        for (let i = 0; i < 10000; i++) zs.rankOf(`member:${(i * 7919) % 1000000}`, false);
      };
    },
  },
];

/**
 * One eviction round (Evictor.performEvictions over the limit by one key: maxmemory-samples keys
 * sampled per non-empty database into the 16-entry pool, the best candidate deleted) on 16
 * databases, one of them holding EVICTION_KEYS keys, per policy family. The evicted key is replaced
 * by a new one drawn from the same distribution (idle time, LFU counter or TTL), so the keyspace
 * size and score spread stay constant across rounds; that delete and add are part of the figure,
 * and the "replacement only" row gives their cost alone. The clock is fixed and the random source
 * seeded, so every run does the same work.
 */
function evictionBenches() {
  const rows = EVICTION_POLICIES.map((policy) => ({
    name: `eviction round, ${policy}: ${policy.endsWith('random') ? 'one random key' : '5 samples into the pool'}, ${EVICTION_KEYS.toLocaleString('en-US')} keys`,
    ops: EVICTION_ROUNDS,
    setup() {
      const { evictor, target } = evictionFixture(policy);
      return () => {
        for (let i = 0; i < EVICTION_ROUNDS; i++) {
          target.over = 1;
          evictor.performEvictions();
        }
      };
    },
  }));
  rows.push({
    name: `eviction round, replacement only: delete one key + add one (${EVICTION_KEYS.toLocaleString('en-US')} keys)`,
    ops: EVICTION_ROUNDS,
    setup() {
      const { db, replace } = evictionFixture('allkeys-random');
      const rnd = seededRandom(7);
      return () => {
        for (let i = 0; i < EVICTION_ROUNDS; i++) replace(db, db.all.random(rnd()).key);
      };
    },
  });
  return rows;
}

/** A keyspace of EVICTION_KEYS keys in db 0 shaped for `policy`, and an Evictor over it. */
function evictionFixture(policy) {
  const { Keyspace } = require(path.join(dist, 'store/keyspace'));
  const { Clock } = require(path.join(dist, 'util/clock'));
  const { Random } = require(path.join(dist, 'util/random'));
  const { Evictor } = require(path.join(dist, 'memory/evict'));
  const { lfuMinutes } = require(path.join(dist, 'memory/lfu'));
  const NOW = 1_700_000_000_000;
  const ks = new Keyspace(16, new Clock(() => NOW), new Random(42));
  ks.lfu = policy.endsWith('lfu');
  const db = ks.dbs[0];
  const rnd = seededRandom(1);
  let serial = 0;
  /** Adds one key: idle up to 1000 s, LFU counter 0..255 last decremented up to 60 min ago, TTL up to 1000 s. */
  const addKey = () => {
    const e = db.add(`key:${serial++}`, 'value-xyz');
    if (ks.lfu) e.access = ((lfuMinutes(NOW - Math.floor(rnd() * 3600000)) << 8) | Math.floor(rnd() * 256)) >>> 0;
    else e.access = NOW - Math.floor(rnd() * 1000000);
    if (policy.startsWith('volatile')) db.setExpire(e, NOW + 1 + Math.floor(rnd() * 1000000));
  };
  for (let i = 0; i < EVICTION_KEYS; i++) addKey();
  const replace = (from, key) => {
    from.delete(key);
    addKey();
  };
  /** Over the limit by `over` keys' worth; each eviction brings it down by one. */
  const target = { over: 0, maxmemory: 1, used: () => 1 + target.over, notCountedForEvict: () => 0, pendingRelease: () => 0 };
  const evictor = new Evictor(ks, target, (from, key) => {
    replace(from, key);
    target.over--;
  });
  evictor.setPolicy(policy);
  return { db, evictor, target, replace };
}

/** A skiplist-encoded sorted set of 10^6 members with spread scores, built once for the zset benches. */
let zsetCache;
function bigZset() {
  if (zsetCache !== undefined) return zsetCache;
  const { ZSet } = require(path.join(dist, 'store/zset'));
  const zs = new ZSet();
  const limits = { entries: 128, value: 64 };
  const result = { score: 0 };
  for (let i = 0; i < 1000000; i++) zs.add(((i * 2654435761) % 4294967296) / 4096, `member:${i}`, 0, limits, result);
  zsetCache = zs;
  return zs;
}

function main() {
  const rows = [];
  for (const b of BENCHES) {
    const ops = rate(b.ops, b.setup());
    rows.push(`| ${b.name} | ${Math.round(ops).toLocaleString('en-US')} |`);
    process.stdout.write(`${b.name}: ${Math.round(ops)} ops/s\n`);
  }
  const body = [machineMarkdown(machine()), '- Produced by: `node bench/micro.js`', '', '| helper | operations per second (median of 7) |', '| --- | ---: |', ...rows].join('\n');
  writeResultsSection('Micro-benchmarks (node bench/micro.js)', body);
}

main();
