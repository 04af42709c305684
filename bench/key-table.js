'use strict';
/**
 * What a key costs in the store's KeyTable beyond its arena record, measured: for several key counts
 * (not only powers of two, so the columns' and the index's doubling slack is sampled at different
 * fill levels) it adds keys `key:<n>` holding a 3-byte string to a fresh database, takes the growth
 * of V8's heap plus external memory after a full GC, subtracts what the arena records are charged
 * (recordCost, their size classes), and reports the rest per key: the handle's columns and index
 * share, which the table charges exactly as its structure (KeyTable.structureBytes). Then it gives
 * every key a TTL and reports the growth per key: VOLATILE_ENTRY;
 * and it fills a second database with values longer than INLINE_MAX, held outside the records:
 * HELD_VALUE.
 * Finally it compares the accountant's dataset counter with the measured growth.
 *
 * Usage: npm run build && node --expose-gc bench/key-table.js [--no-write]
 */
const { spawnSync } = require('node:child_process');
const { machine, machineMarkdown, writeResultsSection } = require('./lib');

if (typeof global.gc !== 'function') {
  process.stderr.write('run with node --expose-gc bench/key-table.js\n');
  process.exit(2);
}
const WRITE = !process.argv.includes('--no-write');
const { Keyspace } = require('../dist/store/keyspace');
const { recordCost } = require('../dist/store/arena');
const { INLINE_MAX, recordSizeFor } = require('../dist/store/record');
const { HELD_VALUE, VOLATILE_ENTRY } = require('../dist/memory/costs');
const { Clock } = require('../dist/util/clock');

const COUNTS = [100_000, 300_000, 700_000, 1_000_000, 1_500_000];

function used() {
  global.gc();
  global.gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

function measure(count) {
  const clock = new Clock(() => 1_700_000_000_000);
  // Keys are built before the baseline and kept, so their strings are not part of the growth.
  const keys = Array.from({ length: count }, (_, i) => `key:${i}`);
  const before = used();
  const ks = new Keyspace(1, clock);
  const db = ks.dbs[0];
  let records = 0;
  for (const k of keys) {
    db.add(k, 'val');
    records += recordCost(recordSizeFor(k.length, 3));
  }
  const afterAdd = used();
  for (const k of keys) db.setExpire(db.peek(k), 1_800_000_000_000);
  const afterTtl = used();
  const handle = (afterAdd - before - records) / count;
  const volatile = (afterTtl - afterAdd) / count;
  const charged = ks.memory.dataset + ks.memory.tables;
  // Values longer than INLINE_MAX are held as JS strings: built beforehand, so the growth is the
  // table's own (handle, record of the key alone, and the held entry).
  const longValues = keys.map((k) => k.padEnd(INLINE_MAX + 1, '.'));
  const beforeLong = used();
  const ksLong = new Keyspace(1, clock);
  let keyRecords = 0;
  for (let i = 0; i < count; i++) {
    ksLong.dbs[0].add(keys[i], longValues[i]);
    keyRecords += recordCost(recordSizeFor(keys[i].length, -1));
  }
  const afterLong = used();
  const held = (afterLong - beforeLong - keyRecords) / count - handle;
  // keys stay reachable until every figure is taken (the table holds copies of their bytes, not them).
  return { count, handle, volatile, held, charged, real: afterTtl - before, keep: [ks, keys, ksLong, longValues] };
}

// One fresh process per count: what an earlier count left in the heap would blur the next one.
const child = process.argv.indexOf('--child');
if (child > 0) {
  const r = measure(Number(process.argv[child + 1]));
  delete r.keep;
  process.stdout.write(JSON.stringify(r));
  process.exit(0);
}
const rows = [];
for (const n of COUNTS) {
  const out = spawnSync(process.execPath, ['--expose-gc', __filename, '--child', String(n)], { encoding: 'utf8' });
  const r = JSON.parse(out.stdout);
  rows.push(r);
  process.stdout.write(`${n} keys: handle ${r.handle.toFixed(1)} B, TTL entry ${r.volatile.toFixed(1)} B, held value ${r.held.toFixed(1)} B, charged/real ${(r.charged / r.real).toFixed(3)}\n`);
}
const mean = (f) => rows.reduce((s, r) => s + f(r), 0) / rows.length;

const lines = [
  machineMarkdown(machine()),
  '- Command: `npm run build && node --expose-gc bench/key-table.js`',
  '- Keys `key:<n>` holding a 3-byte string, added to a fresh database; growth of heapUsed + external after gc().',
  '',
  '| keys | per key beyond its record (B) | per key with a TTL added (B) | per held value, beyond the value (B) | charged / measured growth (3-byte values, TTLs) |',
  '| ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.count} | ${r.handle.toFixed(1)} | ${r.volatile.toFixed(1)} | ${r.held.toFixed(1)} | ${(r.charged / r.real).toFixed(3)} |`),
  `| mean | ${mean((r) => r.handle).toFixed(1)} | ${mean((r) => r.volatile).toFixed(1)} | ${mean((r) => r.held).toFixed(1)} | ${mean((r) => r.charged / r.real).toFixed(3)} |`,
  '',
  `The key tables' own structure is charged exactly (KeyTable.structureBytes); costs.ts charges VOLATILE_ENTRY = ${VOLATILE_ENTRY} and HELD_VALUE = ${HELD_VALUE} bytes.`,
];
process.stdout.write(lines.join('\n') + '\n');
if (WRITE) writeResultsSection('Memory: the key table (node --expose-gc bench/key-table.js)', lines.join('\n'));
