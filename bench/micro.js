'use strict';
/**
 * Micro-benchmarks of the hot helpers, one each: the request parser, the reply writer, the command
 * lookup, the eviction pool and the sorted set's skiplist. Each runs a fixed amount of work several
 * times and prints the median rate. Writes the "Micro-benchmarks" section of bench/RESULTS.md.
 *
 * Usage: npm run build && node bench/micro.js
 */
const path = require('node:path');
const { median, machine, machineMarkdown, writeResultsSection } = require('./lib');

const dist = path.join(__dirname, '..', 'dist');
const { RequestParser } = require(path.join(dist, 'resp/parser'));
const { ReplyWriter } = require(path.join(dist, 'resp/writer'));
const { CommandTable } = require(path.join(dist, 'commands/table'));
const { ALL_COMMANDS } = require(path.join(dist, 'commands/index'));

function encode(args) {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

/** Runs fn (which does `ops` operations) `runs` times; returns the median operations per second. */
function rate(ops, fn, runs = 7) {
  fn();
  const rates = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    rates.push(ops / s);
  }
  return median(rates);
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
