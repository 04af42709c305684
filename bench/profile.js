'use strict';
/**
 * Where respkv's time goes under load: runs respkv with `node --cpu-prof`, drives it with
 * redis-benchmark, and prints the functions with the most self time (and their share). The raw
 * .cpuprofile stays in the output folder for a flame-graph viewer.
 *
 * Usage: npm run build && node bench/profile.js [--tests set,get] [--pipeline 1] [--out /tmp/respkv-prof]
 */
const fs = require('node:fs');
const path = require('node:path');
const { startServer, redisBenchmark, sleep } = require('./lib');

const argv = process.argv.slice(2);
function option(name, fallback) {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
}

/** Self time per function (ms), from a V8 .cpuprofile. */
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const f = node.callFrame;
    const where = f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) || 0) + (dt[i] || 0) / 1000);
  }
  return [...self.entries()].sort((a, b) => b[1] - a[1]);
}

async function main() {
  const out = option('out', '/tmp/respkv-prof');
  fs.mkdirSync(out, { recursive: true });
  for (const f of fs.readdirSync(out)) if (f.endsWith('.cpuprofile')) fs.rmSync(path.join(out, f));
  const server = await startServer('respkv', {}, ['--cpu-prof', '--cpu-prof-dir', out]);
  const tests = option('tests', 'set,get');
  const pipeline = option('pipeline', '1');
  const { rows, command } = redisBenchmark(server.port, ['-c', '50', '-n', option('requests', '300000'), '-P', pipeline, '-t', tests, '-r', '100000']);
  await server.stop();
  await sleep(200);
  const file = fs.readdirSync(out).find((f) => f.endsWith('.cpuprofile'));
  const profile = JSON.parse(fs.readFileSync(path.join(out, file), 'utf8'));
  const times = selfTimes(profile);
  const total = times.reduce((s, [, t]) => s + t, 0);
  process.stdout.write(`${command.replace(/-p \d+/, '-p PORT')}\n`);
  for (const r of rows) process.stdout.write(`  ${r.test}: ${r.rps} rps\n`);
  process.stdout.write(`\nself time, top 25 of ${total.toFixed(0)} ms sampled (profile: ${path.join(out, file)}):\n`);
  for (const [name, t] of times.slice(0, 25)) process.stdout.write(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${name}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
