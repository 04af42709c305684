'use strict';
/**
 * The throughput benchmark: respkv against redis-server on the same machine, driven by the same
 * redis-benchmark. Both servers run with identical settings; every measurement alternates between
 * them (A B, then B A, ...) so machine noise hits both, and each figure is the median of the rounds.
 * Writes the "Throughput" section of bench/RESULTS.md.
 *
 * Usage: npm run bench [-- --rounds 3 --requests 100000 --only unpipelined,pipelined,eviction,sizes]
 */
const { startServer, redisBenchmark, median, machine, machineMarkdown, writeResultsSection } = require('./lib');

const argv = process.argv.slice(2);
function option(name, fallback) {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
}
const ROUNDS = Number(option('rounds', '3'));
const REQUESTS = Number(option('requests', '100000'));
const ONLY = option('only', 'unpipelined,pipelined,eviction,sizes').split(',');

const TESTS = option('tests', 'set,get,incr,lpush,rpop,sadd,hset,zadd,lrange_100,lrange_600,mset');

/** A scenario: redis-benchmark arguments and the server settings it needs. */
const SCENARIOS = [
  { name: 'unpipelined', title: 'Unpipelined, 50 clients', args: ['-c', '50', '-n', String(REQUESTS), '-t', TESTS] },
  { name: 'pipelined', title: 'Pipelined -P 16, 50 clients', args: ['-c', '50', '-P', '16', '-n', String(REQUESTS * 5), '-t', TESTS] },
  {
    name: 'eviction',
    title: 'SET with random keys under maxmemory 20mb, allkeys-lru (eviction on every write)',
    settings: { maxmemory: '20mb', 'maxmemory-policy': 'allkeys-lru' },
    args: ['-c', '50', '-n', String(REQUESTS * 2), '-t', 'set', '-r', '10000000', '-d', '100'],
  },
  { name: 'sizes', title: 'Value size 10 B', label: '10B', args: ['-c', '50', '-n', String(REQUESTS), '-t', 'set,get', '-d', '10'] },
  { name: 'sizes', title: 'Value size 1 KB', label: '1KB', args: ['-c', '50', '-n', String(REQUESTS), '-t', 'set,get', '-d', '1024'] },
  { name: 'sizes', title: 'Value size 100 KB', label: '100KB', args: ['-c', '50', '-n', String(REQUESTS / 10), '-t', 'set,get', '-d', '102400'] },
];

const WARMUP_REQUESTS = 20000;

/** The scenario's redis-benchmark arguments with -n replaced. */
function withRequests(args, n) {
  const out = [...args];
  const i = out.indexOf('-n');
  out[i + 1] = String(n);
  return out;
}

function fmt(n, digits = 0) {
  return Number.isFinite(n) ? n.toFixed(digits) : 'n/a';
}

async function runScenario(s) {
  const servers = {
    respkv: await startServer('respkv', s.settings),
    redis: await startServer('redis', s.settings),
  };
  const samples = { respkv: {}, redis: {} };
  let command = '';
  try {
    // One unrecorded pass per server first: respkv's JIT compiles its hot path during the first
    // tens of thousands of commands, and a long-running server is measured warm.
    for (const kind of ['respkv', 'redis']) redisBenchmark(servers[kind].port, withRequests(s.args, WARMUP_REQUESTS));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? ['respkv', 'redis'] : ['redis', 'respkv'];
      for (const kind of order) {
        servers[kind].cli('flushall');
        const { rows, command: cmd } = redisBenchmark(servers[kind].port, s.args);
        command = cmd.replace(/-p \d+/, '-p PORT');
        for (const row of rows) {
          const t = (samples[kind][row.test] ??= { rps: [], p50: [], p99: [] });
          t.rps.push(row.rps);
          t.p50.push(row.p50);
          t.p99.push(row.p99);
        }
      }
    }
  } finally {
    await servers.respkv.stop();
    await servers.redis.stop();
  }
  const lines = [];
  for (const test of Object.keys(samples.redis)) {
    const a = samples.respkv[test];
    const b = samples.redis[test];
    if (!a) continue;
    const ra = median(a.rps);
    const rb = median(b.rps);
    lines.push({
      test: s.label ? `${test} (${s.label})` : test,
      respkv: ra,
      redis: rb,
      ratio: ra / rb,
      p50: [median(a.p50), median(b.p50)],
      p99: [median(a.p99), median(b.p99)],
    });
  }
  return { scenario: s, lines, command, respkvCommand: servers.respkv.command.replace(/--port \d+/, '--port PORT'), redisCommand: servers.redis.command.replace(/--port \d+/, '--port PORT').replace(/--dir \S+/, '--dir TMP') };
}

function table(result) {
  const out = [
    `### ${result.scenario.title}`,
    '',
    `\`${result.command}\``,
    '',
    '| test | respkv rps | redis rps | ratio | p50 ms respkv / redis | p99 ms respkv / redis | p99 ratio |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const l of result.lines) {
    out.push(
      `| ${l.test} | ${fmt(l.respkv)} | ${fmt(l.redis)} | ${fmt(l.ratio, 2)}x | ${fmt(l.p50[0], 3)} / ${fmt(l.p50[1], 3)} | ${fmt(l.p99[0], 3)} / ${fmt(l.p99[1], 3)} | ${fmt(l.p99[0] / l.p99[1], 2)}x |`,
    );
  }
  return out.join('\n');
}

async function main() {
  const m = machine();
  const results = [];
  for (const s of SCENARIOS) {
    if (!ONLY.includes(s.name)) continue;
    process.stderr.write(`running ${s.title} ...\n`);
    const r = await runScenario(s);
    results.push(r);
    process.stdout.write(table(r) + '\n\n');
  }
  if (results.length === 0) return;
  const body = [
    machineMarkdown(m),
    `- Rounds: ${ROUNDS}, alternating respkv and redis-server; figures are medians of the rounds. Each server first gets one unrecorded pass of ${WARMUP_REQUESTS} requests per test (JIT warm-up).`,
    `- respkv: \`${results[0].respkvCommand}\``,
    `- redis-server: \`${results[0].redisCommand}\``,
    `- Produced by: \`npm run bench -- ${argv.join(' ')}\``.replace(/ -- $/, ''),
    '',
    ...results.map(table),
  ].join('\n');
  writeResultsSection('Throughput (npm run bench)', body);
}

main().catch((e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
