'use strict';
/**
 * Memory honesty and memory per key. Loads the same mixed dataset (strings of 8 to 120 bytes, and
 * hashes, lists, sets and sorted sets of 100 members) into respkv and redis-server and reports:
 *   - RSS growth / used_memory growth for respkv after a full GC (target 0.8..1.25);
 *   - per type, in a fresh server, the mean MEMORY USAGE of a key against what a key really costs:
 *     the growth of V8's heap plus external memory after a full GC, divided by the keys loaded
 *     (target within 25%);
 *   - RSS per key for the mixed dataset, respkv against redis-server (target at most 1.5x).
 * respkv runs with --expose-gc so MEMORY PURGE performs a full collection before each reading.
 * Types the server does not support yet (unknown command) are left out and named in the output.
 *
 * With --del it measures instead what deleting a big collection costs other work (deleteRun).
 *
 * Usage: npm run build && node bench/memory.js [--scale N] [--maxmemory 1gb] [--no-write]
 *        npm run build && node bench/memory.js --del [--del-members 1000000] [--no-write]
 */
const { spawnSync } = require('node:child_process');
const { startServer, machine, machineMarkdown, writeResultsSection, sleep, seededRandom: rng, encodeCommand: resp } = require('./lib');

const args = process.argv.slice(2);
const SCALE = Number(args[args.indexOf('--scale') + 1]) || 1;
const WRITE = !args.includes('--no-write');
/** Optional maxmemory for every server (respkv then sizes its heap for it, as in production). */
const MAXMEMORY = args.includes('--maxmemory') ? args[args.indexOf('--maxmemory') + 1] : '';

function word(r, min, max) {
  const n = min + Math.floor(r() * (max - min + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(97 + Math.floor(r() * 26));
  return s;
}

/** One key of each type: its commands (RESP text). Collections have 100 members. */
const TYPES = {
  string: (k, r) => [resp(['SET', k, word(r, 8, 120)])],
  hash: (k, r) => {
    const a = ['HSET', k];
    for (let i = 0; i < 100; i++) a.push(`field:${i}`, word(r, 8, 32));
    return [resp(a)];
  },
  list: (k, r) => {
    const a = ['RPUSH', k];
    for (let i = 0; i < 100; i++) a.push(word(r, 8, 32));
    return [resp(a)];
  },
  set: (k, r) => {
    const a = ['SADD', k];
    for (let i = 0; i < 100; i++) a.push(`member:${i}:${word(r, 4, 12)}`);
    return [resp(a)];
  },
  zset: (k, r) => {
    const a = ['ZADD', k];
    for (let i = 0; i < 100; i++) a.push(String(Math.floor(r() * 1e6)), `member:${i}:${word(r, 4, 12)}`);
    return [resp(a)];
  },
};

/** Keys per type in the mixed dataset. */
const MIX = { string: 200_000 * SCALE, hash: 2_000 * SCALE, list: 2_000 * SCALE, set: 2_000 * SCALE, zset: 2_000 * SCALE };

function pipe(server, text) {
  // redis-cli --pipe exits with status 1 when any reply was an error; the counts are on stdout.
  const r = spawnSync('redis-cli', ['-p', String(server.port), '--pipe'], { input: Buffer.from(text, 'latin1'), encoding: 'latin1', maxBuffer: 1 << 26 });
  const out = r.stdout;
  const m = /errors: (\d+), replies: (\d+)/.exec(out);
  if (!m) throw new Error(`redis-cli --pipe: ${out}`);
  return { errors: Number(m[1]), replies: Number(m[2]) };
}

function load(server, type, count, prefix, seed) {
  const r = rng(seed);
  let chunk = '';
  let errors = 0;
  for (let i = 0; i < count; i++) {
    chunk += TYPES[type](`${prefix}:${type}:${i}`, r).join('');
    if (chunk.length > 4 << 20 || i === count - 1) {
      errors += pipe(server, chunk).errors;
      chunk = '';
    }
  }
  return errors;
}

async function settle(server) {
  for (let i = 0; i < 3; i++) {
    server.cli('MEMORY', 'PURGE');
    await sleep(200);
  }
}

/** used_memory, V8 heap+external and RSS of the serving process (with a maxmemory, respkv may have re-executed Node: the server is then a child of the process started). */
function respkvFigures(s) {
  const m = s.info('memory');
  const pid = s.info('server').process_id;
  const status = require('node:fs').readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024;
  return {
    used: Number(m.used_memory),
    heap: Number(m.respkv_heap_used) + Number(m.respkv_external_memory),
    rss,
    // Where the RSS goes: V8's young generation, its old generation in use and committed but free,
    // memory outside the heap (the key arena, typed arrays), and what is left (code, malloc, stacks).
    parts: {
      young: Number(m.respkv_young_generation_growth),
      heapUsed: Number(m.respkv_heap_used),
      heapFree: Number(m.allocator_active) - Number(m.allocator_allocated),
      external: Number(m.respkv_external_memory),
    },
  };
}

/** Which types the server supports: a probe command that is not an unknown-command error. */
function supported(server) {
  const out = [];
  for (const type of Object.keys(TYPES)) {
    const probe = TYPES[type]('probe:' + type, rng(1))[0];
    const reply = pipe(server, probe);
    if (reply.errors === 0) out.push(type);
    server.cli('DEL', 'probe:' + type);
  }
  return out;
}

/**
 * What a key of one type really costs: a fresh server per type, `n` keys, the growth of V8's heap
 * plus external memory after a full GC divided by n, against the mean MEMORY USAGE of its keys.
 */
async function perTypeCost(type, n, settings) {
  const s = await startServer('respkv', settings, ['--expose-gc']);
  try {
    await settle(s);
    const t0 = respkvFigures(s);
    load(s, type, n, 'h', 7);
    await settle(s);
    const t1 = respkvFigures(s);
    let usage = 0;
    const sample = Math.min(n, 500);
    for (let i = 0; i < sample; i++) usage += Number(s.cli('MEMORY', 'USAGE', `h:${type}:${Math.floor((i * n) / sample)}`).trim());
    return { keys: n, usage: usage / sample, real: (t1.heap - t0.heap) / n, accounted: (t1.used - t0.used) / n };
  } finally {
    await s.stop();
  }
}

/** RSS growth per key of the mixed dataset; for respkv also the honesty ratios. */
async function mixed(kind, types, settings) {
  const s = await startServer(kind, settings, kind === 'respkv' ? ['--expose-gc'] : []);
  try {
    if (kind === 'respkv') await settle(s);
    else await sleep(300);
    const before = kind === 'respkv' ? respkvFigures(s) : { rss: s.rss() };
    let keys = 0;
    let seed = 1;
    for (const type of types) {
      load(s, type, MIX[type], 'm', seed++);
      keys += MIX[type];
    }
    if (kind === 'respkv') await settle(s);
    else await sleep(500);
    const after = kind === 'respkv' ? respkvFigures(s) : { rss: s.rss() };
    const out = { keys, perKey: (after.rss - before.rss) / keys, rssGrowth: after.rss - before.rss, command: s.command };
    if (kind === 'respkv') {
      out.usedGrowth = after.used - before.used;
      out.rssRatio = out.rssGrowth / out.usedGrowth;
      out.heapRatio = (after.heap - before.heap) / out.usedGrowth;
      out.parts = Object.fromEntries(Object.keys(after.parts).map((k) => [k, after.parts[k] - before.parts[k]]));
      out.parts.rest = out.rssGrowth - Object.values(out.parts).reduce((a, b) => a + b, 0);
    }
    return out;
  } finally {
    await s.stop();
  }
}

/**
 * Deleting a big collection: a set of DEL_MEMBERS members, then `verb` (DEL or UNLINK) while the
 * same connection goes on with PINGs; reports the delete's round trip and the worst of the next 200
 * PINGs (what other work waits while the memory is released).
 */
const DEL_MEMBERS = Number(args.includes('--del-members') ? args[args.indexOf('--del-members') + 1] : 1_000_000);

async function deleteRun(kind, verb) {
  const s = await startServer(kind);
  try {
    let text = '';
    for (let b = 0; b < DEL_MEMBERS / 5000; b++) {
      const a = ['SADD', 'big'];
      for (let i = 0; i < 5000; i++) a.push(`member:${b * 5000 + i}`);
      text += resp(a);
    }
    pipe(s, text);
    const used = Number(s.info('memory').used_memory);
    const socket = require('node:net').connect(s.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let buf = '';
    const waiters = [];
    socket.on('data', (d) => {
      buf += d.toString('latin1');
      for (let i = buf.indexOf('\r\n'); i >= 0 && waiters.length > 0; i = buf.indexOf('\r\n')) {
        buf = buf.slice(i + 2);
        waiters.shift()();
      }
    });
    const call = (argv) => new Promise((r) => (waiters.push(r), socket.write(resp(argv))));
    const t0 = performance.now();
    await call([verb, 'big']);
    const delMs = performance.now() - t0;
    let worst = 0;
    for (let i = 0; i < 200; i++) {
      const p = performance.now();
      await call(['PING']);
      worst = Math.max(worst, performance.now() - p);
    }
    socket.destroy();
    return { kind, verb, used, delMs, worst };
  } finally {
    await s.stop();
  }
}

async function deleteMain() {
  const rows = [await deleteRun('respkv', 'DEL'), await deleteRun('respkv', 'UNLINK'), await deleteRun('redis', 'DEL'), await deleteRun('redis', 'UNLINK')];
  const lines = [machineMarkdown(machine())];
  lines.push(`- Command: \`npm run build && node bench/memory.js --del --del-members ${DEL_MEMBERS}\``);
  lines.push(`- A set of ${DEL_MEMBERS} members (\`member:<n>\`), deleted while the same connection then sends 200 PINGs one at a time; default settings (lazyfree-lazy-user-del no).`);
  lines.push('');
  lines.push('| server | command | used_memory before | delete round trip (ms) | worst PING of the next 200 (ms) |');
  lines.push('| --- | --- | --- | --- | --- |');
  for (const r of rows) lines.push(`| ${r.kind === 'redis' ? 'redis-server' : 'respkv'} | ${r.verb} | ${r.used} | ${r.delMs.toFixed(2)} | ${r.worst.toFixed(2)} |`);
  const body = lines.join('\n');
  process.stdout.write(body + '\n');
  if (WRITE) writeResultsSection('Memory and eviction: deleting a big collection', body);
}

async function main() {
  if (args.includes('--del')) return deleteMain();
  const probe = await startServer('respkv');
  const types = supported(probe);
  await probe.stop();
  const missing = Object.keys(TYPES).filter((t) => !types.includes(t));
  const settings = MAXMEMORY ? { maxmemory: MAXMEMORY } : {};
  const perType = {};
  for (const type of types) perType[type] = await perTypeCost(type, type === 'string' ? 200_000 : 5_000, settings);
  const h = await mixed('respkv', types, settings);
  const theirs = await mixed('redis', types, settings);
  const lines = [];
  lines.push(machineMarkdown(machine()));
  lines.push(`- Command: \`npm run build && node bench/memory.js${SCALE !== 1 ? ` --scale ${SCALE}` : ''}${MAXMEMORY ? ` --maxmemory ${MAXMEMORY}` : ''}\``);
  lines.push(`- respkv: \`${h.command.replace(/--port \d+/, '--port P')}\``);
  lines.push(`- Mixed dataset: ${types.map((t) => `${MIX[t]} ${t}${t === 'string' ? 's (8-120 bytes)' : 's of 100 members'}`).join(', ')}${missing.length ? `; not yet supported, left out: ${missing.join(', ')}` : ''}.`);
  lines.push('');
  lines.push('Honesty of used_memory over the mixed dataset (after MEMORY PURGE, i.e. a full GC):');
  lines.push('');
  lines.push('| figure | value | target |');
  lines.push('| --- | --- | --- |');
  lines.push(`| RSS growth / used_memory growth | ${h.rssRatio.toFixed(3)} (${(h.rssGrowth / 2 ** 20).toFixed(1)} MB / ${(h.usedGrowth / 2 ** 20).toFixed(1)} MB) | 0.8 .. 1.25 |`);
  lines.push(`| V8 heap+external growth / used_memory growth | ${h.heapRatio.toFixed(3)} | |`);
  const mb = (b) => (b / 2 ** 20).toFixed(1);
  const p = h.parts;
  lines.push(
    `| RSS growth by part, MB | young generation ${mb(p.young)}, heap in use ${mb(p.heapUsed)}, heap committed but free ${mb(p.heapFree)}, outside the heap ${mb(p.external)}, rest ${mb(p.rest)} | |`,
  );
  lines.push('');
  lines.push('MEMORY USAGE against the real cost, one fresh server per type:');
  lines.push('');
  lines.push('| type | keys | mean MEMORY USAGE | real cost per key (heap+external growth) | USAGE / real |');
  lines.push('| --- | --- | --- | --- | --- |');
  for (const [type, f] of Object.entries(perType)) {
    lines.push(`| ${type} | ${f.keys} | ${f.usage.toFixed(0)} | ${f.real.toFixed(0)} | ${(f.usage / f.real).toFixed(3)} |`);
  }
  lines.push('');
  lines.push('RSS per key, mixed dataset:');
  lines.push('');
  lines.push('| server | keys | RSS growth per key (bytes) |');
  lines.push('| --- | --- | --- |');
  lines.push(`| respkv | ${h.keys} | ${h.perKey.toFixed(0)} |`);
  lines.push(`| redis-server | ${theirs.keys} | ${theirs.perKey.toFixed(0)} |`);
  lines.push(`| ratio | | ${(h.perKey / theirs.perKey).toFixed(2)}x (target at most 1.5x) |`);
  const body = lines.join('\n');
  process.stdout.write(body + '\n');
  if (WRITE) writeResultsSection('Memory and eviction: memory', body);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
