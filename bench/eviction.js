'use strict';
/**
 * Eviction quality: the hit rate of redis-cli --lru-test's workload (cycles of 250 pipelined SETs
 * then 250 pipelined GETs of `lru:<n>`, n drawn from its power law, alpha 6.2, over 1M keys, so a
 * small share of the keys takes most accesses) against respkv and redis-server with the same
 * maxmemory and maxmemory-samples, for allkeys-lru and allkeys-lfu. The key sequence is seeded, so
 * both servers see the same requests; an exact LRU cache simulated on the same sequence, holding as
 * many keys as each server ended up holding, gives the ceiling for that capacity (respkv holds
 * fewer keys in the same maxmemory, as its keys cost more bytes).
 *
 * It also runs the real `redis-cli --lru-test` against both for a few seconds after the
 * allkeys-lru run and prints its last line, to show the tool works against respkv.
 *
 * With --drop it measures instead how lowering maxmemory under load affects other clients (dropRun).
 *
 * Usage: npm run build && node bench/eviction.js [--maxmemory 16mb] [--cycles 6000] [--samples 5] [--no-write]
 *        npm run build && node bench/eviction.js --drop [--drop-keys 500000] [--no-write]
 */
const net = require('node:net');
const { spawnSync } = require('node:child_process');
const { startServer, machine, machineMarkdown, writeResultsSection, seededRandom: rng, encodeCommand: cmd } = require('./lib');

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const MAXMEMORY = opt('--maxmemory', '16mb');
const CYCLES = Number(opt('--cycles', '6000'));
const WARMUP = Math.floor(CYCLES / 2);
const SAMPLES = opt('--samples', '5');
const WRITE = !args.includes('--no-write');
const KEYSPACE = 1_000_000;
const ALPHA = 6.2;
const PIPELINE = 250;

/** redis-cli's powerLawRand(1, KEYSPACE, ALPHA). */
function keyGen(seed) {
  const r = rng(seed);
  const max = KEYSPACE + 1;
  const min = 1;
  const a = Math.pow(max, ALPHA + 1);
  const b = Math.pow(min, ALPHA + 1);
  return () => {
    const pl = Math.pow((a - b) * r() + b, 1 / (ALPHA + 1));
    return max - 1 - Math.floor(pl) + min;
  };
}

/** The request sequence: per cycle, PIPELINE SET keys then PIPELINE GET keys. */
function* sequence(seed, cycles) {
  const next = keyGen(seed);
  for (let c = 0; c < cycles; c++) {
    const sets = [];
    const gets = [];
    for (let j = 0; j < PIPELINE; j++) sets.push(next());
    for (let j = 0; j < PIPELINE; j++) gets.push(next());
    yield { sets, gets };
  }
}

/** Reads complete replies off a socket; resolves `n` replies at a time. */
function replyReader(socket) {
  let buf = Buffer.alloc(0);
  let want = 0;
  let got = [];
  let resolve = null;
  const pump = () => {
    while (want > 0) {
      const nl = buf.indexOf('\r\n');
      if (nl < 0) return;
      const head = buf.toString('latin1', 0, nl);
      let len = nl + 2;
      if (head[0] === '$' && head !== '$-1') {
        len += Number(head.slice(1)) + 2;
        if (buf.length < len) return;
      }
      got.push(head);
      buf = buf.subarray(len);
      want--;
    }
    const r = resolve;
    const out = got;
    resolve = null;
    got = [];
    r(out);
  };
  socket.on('data', (d) => {
    buf = buf.length ? Buffer.concat([buf, d]) : d;
    if (resolve) pump();
  });
  return (n) =>
    new Promise((res) => {
      want = n;
      resolve = res;
      pump();
    });
}

async function drive(port) {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  const read = replyReader(socket);
  let hits = 0;
  let misses = 0;
  let errors = 0;
  let c = 0;
  for (const { sets, gets } of sequence(1, CYCLES)) {
    socket.write(sets.map((k) => cmd(['SET', `lru:${k}`, 'vvvvv'])).join(''));
    for (const r of await read(sets.length)) if (r[0] === '-') errors++;
    socket.write(gets.map((k) => cmd(['GET', `lru:${k}`])).join(''));
    const replies = await read(gets.length);
    if (c++ >= WARMUP) {
      for (const r of replies) {
        if (r === '$-1') misses++;
        else if (r[0] === '$') hits++;
        else errors++;
      }
    }
  }
  socket.destroy();
  return { hits, misses, errors, rate: hits / (hits + misses) };
}

/** Exact LRU with `capacity` keys over the same sequence (a Map kept in recency order). */
function exactLru(capacity) {
  const cache = new Map();
  let hits = 0;
  let misses = 0;
  let c = 0;
  const touch = (k) => {
    cache.delete(k);
    cache.set(k, true);
    if (cache.size > capacity) cache.delete(cache.keys().next().value);
  };
  for (const { sets, gets } of sequence(1, CYCLES)) {
    for (const k of sets) touch(k);
    for (const k of gets) {
      const hit = cache.has(k);
      if (c >= WARMUP) hit ? hits++ : misses++;
      if (hit) touch(k);
    }
    c++;
  }
  return hits / (hits + misses);
}

function lruTestTool(port) {
  // stdbuf: redis-cli prints a line per second, block-buffered when writing to a pipe.
  const r = spawnSync('timeout', ['4', 'stdbuf', '-oL', 'redis-cli', '-p', String(port), '--lru-test', String(KEYSPACE)], { encoding: 'latin1' });
  const lines = r.stdout.trim().split('\n').filter((l) => l.includes('Gets/sec'));
  return lines.length ? lines[lines.length - 1].trim() : `(no output) ${r.stderr}`;
}

/**
 * Lowering maxmemory under load: DROP_KEYS small keys, then CONFIG SET maxmemory to half of
 * used_memory while another client sends PINGs one at a time; reports how long eviction took to
 * reach the limit and the worst PING round trip meanwhile (what other clients wait).
 */
const DROP_KEYS = Number(opt('--drop-keys', '500000'));

async function dropRun(kind) {
  const s = await startServer(kind, { 'maxmemory-policy': 'allkeys-lru', 'maxmemory-eviction-tenacity': '10' });
  try {
    let text = '';
    for (let i = 0; i < DROP_KEYS; i++) {
      text += cmd(['SET', `key:${i}`, 'v'.repeat(32)]);
      if (text.length > 4 << 20 || i === DROP_KEYS - 1) {
        spawnSync('redis-cli', ['-p', String(s.port), '--pipe'], { input: text, encoding: 'latin1', maxBuffer: 1 << 26 });
        text = '';
      }
    }
    const memory = s.info('memory');
    // What the limit applies to: used_memory less mem_not_counted_for_evict (V8's young generation in respkv).
    const used = Number(memory.used_memory) - Number(memory.mem_not_counted_for_evict);
    const target = Math.floor(used / 2);
    const pinger = net.connect(s.port, '127.0.0.1');
    await new Promise((r) => pinger.once('connect', r));
    const readPing = replyReader(pinger);
    const control = net.connect(s.port, '127.0.0.1');
    await new Promise((r) => control.once('connect', r));
    const readControl = replyReader(control);
    const t0 = performance.now();
    control.write(cmd(['CONFIG', 'SET', 'maxmemory', String(target)]));
    const configDone = readControl(1).then(() => performance.now() - t0);
    let worst = 0;
    let pings = 0;
    let reached = 0;
    while (reached === 0 && performance.now() - t0 < 60_000) {
      const p0 = performance.now();
      pinger.write(cmd(['PING']));
      await readPing(1);
      worst = Math.max(worst, performance.now() - p0);
      pings++;
      if (pings % 20 === 0) {
        control.write(cmd(['INFO', 'memory']));
        const [head] = await readControlBulk(control);
        // Within 64 KB: the INFO command itself and the clients' buffers come on top of the limit.
        if (head <= target + 65536) reached = performance.now() - t0;
      }
    }
    const configMs = await configDone;
    pinger.destroy();
    control.destroy();
    const evicted = Number(s.info('stats').evicted_keys);
    return { kind, keys: DROP_KEYS, used, target, configMs, reachedMs: reached, worstPingMs: worst, pings, evicted };
  } finally {
    await s.stop();
  }
}

/**
 * Reads one INFO reply on a control socket and returns [used_memory less mem_not_counted_for_evict]:
 * what the limit applies to, in Redis and in respkv (whose V8 young generation is reported there).
 */
function readControlBulk(socket) {
  return new Promise((resolve) => {
    let buf = '';
    const onData = (d) => {
      buf += d.toString('latin1');
      const m = /used_memory:(\d+)\r\n/.exec(buf);
      const notCounted = /mem_not_counted_for_evict:(\d+)\r\n/.exec(buf);
      const nl = buf.indexOf('\r\n');
      if (nl > 0 && buf.length >= nl + 2 + Number(buf.slice(1, nl)) + 2) {
        socket.removeListener('data', onData);
        resolve([m ? Number(m[1]) - (notCounted ? Number(notCounted[1]) : 0) : Infinity]);
      }
    };
    socket.on('data', onData);
  });
}

async function dropMain() {
  const rows = [await dropRun('respkv'), await dropRun('redis')];
  const lines = [];
  lines.push(machineMarkdown(machine()));
  lines.push(`- Command: \`npm run build && node bench/eviction.js --drop --drop-keys ${DROP_KEYS}\``);
  lines.push(`- ${DROP_KEYS} keys of 32-byte values, allkeys-lru, tenacity 10; CONFIG SET maxmemory to half of used_memory less mem_not_counted_for_evict while a second client sends PINGs one at a time.`);
  lines.push('');
  lines.push('| server | used_memory less mem_not_counted_for_evict, before | limit | CONFIG SET reply (ms) | limit reached after (ms) | worst PING round trip meanwhile (ms) | PINGs answered | evicted |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    lines.push(`| ${r.kind === 'redis' ? 'redis-server' : 'respkv'} | ${r.used} | ${r.target} | ${r.configMs.toFixed(1)} | ${r.reachedMs.toFixed(0)} | ${r.worstPingMs.toFixed(2)} | ${r.pings} | ${r.evicted} |`);
  }
  const body = lines.join('\n');
  process.stdout.write(body + '\n');
  if (WRITE) writeResultsSection('Memory and eviction: lowering maxmemory under load', body);
}

async function main() {
  if (args.includes('--drop')) return dropMain();
  const rows = [];
  const toolLines = {};
  const commands = {};
  for (const policy of ['allkeys-lru', 'allkeys-lfu']) {
    const settings = { maxmemory: MAXMEMORY, 'maxmemory-policy': policy, 'maxmemory-samples': SAMPLES };
    for (const kind of ['respkv', 'redis']) {
      const s = await startServer(kind, settings);
      try {
        const result = await drive(s.port);
        const keys = Number(s.cli('DBSIZE').trim());
        const info = s.info('stats');
        rows.push({ policy, kind, ...result, keys, evicted: Number(info.evicted_keys), ceiling: exactLru(keys) });
        commands[kind] = s.command.replace(/--port \d+/, '--port P');
        if (policy === 'allkeys-lru') toolLines[kind] = lruTestTool(s.port);
      } finally {
        await s.stop();
      }
    }
  }
  const lines = [];
  lines.push(machineMarkdown(machine()));
  lines.push(`- Command: \`npm run build && node bench/eviction.js --maxmemory ${MAXMEMORY} --cycles ${CYCLES} --samples ${SAMPLES}\``);
  lines.push(`- respkv: \`${commands.respkv}\`; redis-server: \`${commands.redis}\``);
  lines.push(`- Workload: redis-cli --lru-test's (alpha ${ALPHA}, ${KEYSPACE} keys, ${PIPELINE} SETs then ${PIPELINE} GETs per cycle), ${CYCLES} cycles, hit rate over the last ${CYCLES - WARMUP}.`);
  lines.push('');
  lines.push('| policy | server | hit rate | keys held | evicted | exact LRU at that many keys | hit rate / exact LRU |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    lines.push(`| ${r.policy} | ${r.kind === 'redis' ? 'redis-server' : 'respkv'} | ${(r.rate * 100).toFixed(2)}% | ${r.keys} | ${r.evicted} | ${(r.ceiling * 100).toFixed(2)}% | ${(r.rate / r.ceiling).toFixed(3)} |`);
  }
  lines.push('');
  lines.push(`\`redis-cli --lru-test ${KEYSPACE}\` run for 4 s right after the allkeys-lru run, last line: respkv \`${toolLines.respkv}\`; redis-server \`${toolLines.redis}\`.`);
  const body = lines.join('\n');
  process.stdout.write(body + '\n');
  if (WRITE) writeResultsSection('Memory and eviction: eviction quality', body);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
