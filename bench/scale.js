'use strict';
/**
 * Scale: how throughput and memory grow with the number of keys (10 thousand, 1 million, 5 million)
 * for respkv and redis-server side by side, and respkv's garbage-collection pauses (perf_hooks, via
 * bench/gc-probe.js) while loading and while serving the 1-million-key dataset. Writes the "Scale"
 * section of bench/RESULTS.md.
 *
 * Usage: npm run build && node bench/scale.js [--sizes 10000,1000000,5000000] [--requests 200000]
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer, redisBenchmark, median, percentile, machine, machineMarkdown, writeResultsSection } = require('./lib');
const { load } = require('./load');

const argv = process.argv.slice(2);
function option(name, fallback) {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
}
const SIZES = option('sizes', '10000,1000000,5000000').split(',').map(Number);
const REQUESTS = Number(option('requests', '200000'));
const ROUNDS = 2;

function fmtBytes(n) {
  return `${(n / 2 ** 20).toFixed(1)} MiB`;
}

function pauseSummary(ms) {
  if (!ms || ms.length === 0) return 'none';
  return `${ms.length} pauses, p99 ${percentile(ms, 99).toFixed(2)} ms, max ${Math.max(...ms).toFixed(2)} ms`;
}

async function measure(size) {
  const probeFile = path.join(os.tmpdir(), `respkv-gc-${process.pid}-${size}.json`);
  process.env.RESPKV_GC_PROBE_FILE = probeFile;
  const respkv = await startServer('respkv', {}, ['--require', path.join(__dirname, 'gc-probe.js')]);
  const redis = await startServer('redis', {});
  const row = { size };
  try {
    const base = { respkv: respkv.rss(), redis: redis.rss() };
    for (const s of [respkv, redis]) await load(s.port, size);
    process.kill(respkv.pid, 'SIGUSR2');
    row.rss = { respkv: respkv.rss() - base.respkv, redis: redis.rss() - base.redis };
    row.used = { respkv: Number(respkv.info('memory').used_memory), redis: Number(redis.info('memory').used_memory) };
    const rps = { respkv: [], redis: [] };
    let command = '';
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of round % 2 ? [redis, respkv] : [respkv, redis]) {
        const { rows, command: cmd } = redisBenchmark(s.port, ['-c', '50', '-n', String(REQUESTS), '-t', 'get', '-r', String(size)]);
        command = cmd.replace(/-p \d+/, '-p PORT');
        rps[s.kind].push(rows[0].rps);
      }
    }
    row.rps = { respkv: median(rps.respkv), redis: median(rps.redis) };
    row.command = command;
  } finally {
    await respkv.stop();
    await redis.stop();
  }
  if (fs.existsSync(probeFile)) {
    const [loading, serving] = JSON.parse(fs.readFileSync(probeFile, 'utf8'));
    row.pauses = { loading, serving };
  }
  fs.rmSync(probeFile, { force: true });
  return row;
}

async function main() {
  const m = machine();
  const rows = [];
  for (const size of SIZES) {
    process.stderr.write(`scale: ${size} keys ...\n`);
    rows.push(await measure(size));
  }
  const lines = [
    machineMarkdown(m),
    '- Keys are strings `key:%012d` with 3-byte values, loaded with pipelined MSET batches of 1000 (bench/load.js);',
    '  memory is RSS growth over the empty server; throughput is GET on random loaded keys, median of 2 alternating rounds.',
    `- Throughput command: \`${rows[0]?.command ?? ''}\``,
    '- Produced by: `node bench/scale.js' + (argv.length ? ' ' + argv.join(' ') : '') + '`',
    '',
    '| keys | respkv GET rps | redis GET rps | ratio | respkv RSS growth | redis RSS growth | RSS ratio | respkv bytes/key | redis bytes/key | respkv used_memory |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.size} | ${r.rps.respkv.toFixed(0)} | ${r.rps.redis.toFixed(0)} | ${(r.rps.respkv / r.rps.redis).toFixed(2)}x | ${fmtBytes(r.rss.respkv)} | ${fmtBytes(r.rss.redis)} | ${(r.rss.respkv / r.rss.redis).toFixed(2)}x | ${(r.rss.respkv / r.size).toFixed(0)} | ${(r.rss.redis / r.size).toFixed(0)} | ${fmtBytes(r.used.respkv)} |`,
    );
  }
  lines.push('', 'GC pauses in respkv (perf_hooks `gc` entries):', '', '| keys | while loading | while serving GETs |', '| ---: | --- | --- |');
  for (const r of rows) {
    if (r.pauses) lines.push(`| ${r.size} | ${pauseSummary(r.pauses.loading)} | ${pauseSummary(r.pauses.serving)} |`);
  }
  const text = lines.join('\n');
  process.stdout.write(text + '\n');
  writeResultsSection('Scale (node bench/scale.js)', text);
}

main().catch((e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
