'use strict';
/**
 * Shared pieces of the benchmarks: starting respkv and redis-server side by side with identical
 * settings on free loopback ports, running redis-benchmark in CSV mode, medians, and the machine
 * description every results table carries.
 */
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const RESPKV = path.join(ROOT, 'dist', 'main.js');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitForPing(port) {
  for (let i = 0; i < 300; i++) {
    const r = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' });
    if (r.stdout && r.stdout.trim() === 'PONG') return;
    await sleep(50);
  }
  throw new Error(`no PONG on port ${port}`);
}

/**
 * Starts one server. kind: 'respkv' | 'redis'. settings: directive -> value, passed to both as
 * --name value so the two run with identical settings.
 */
async function startServer(kind, settings = {}, extraNodeArgs = []) {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1'];
  for (const [k, v] of Object.entries(settings)) args.push(`--${k}`, v);
  let child;
  let dir;
  let command;
  if (kind === 'respkv') {
    command = [process.execPath, ...extraNodeArgs, RESPKV, ...args];
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'respkv-bench-'));
    command = ['redis-server', ...args, '--save', '', '--appendonly', 'no', '--dir', dir];
  }
  child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  try {
    await waitForPing(port);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${kind} did not start: ${stderr}`);
  }
  return {
    kind,
    port,
    pid: child.pid,
    command: command.join(' '),
    cli(...a) {
      return execFileSync('redis-cli', ['-p', String(port), ...a], { encoding: 'latin1' });
    },
    info(section) {
      const text = execFileSync('redis-cli', ['-p', String(port), 'info', section], { encoding: 'latin1' });
      const out = {};
      for (const line of text.split('\r\n')) {
        const i = line.indexOf(':');
        if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
      }
      return out;
    },
    rss() {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const m = /VmRSS:\s+(\d+) kB/.exec(status);
      return m ? Number(m[1]) * 1024 : NaN;
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => {
          if (dir) fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
    },
  };
}

/** Runs redis-benchmark with --csv and returns rows {test, rps, p50, p99}. */
function redisBenchmark(port, args) {
  const full = ['-h', '127.0.0.1', '-p', String(port), '--csv', ...args];
  const r = spawnSync('redis-benchmark', full, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`redis-benchmark ${full.join(' ')} failed: ${r.stderr}`);
  const rows = [];
  for (const line of r.stdout.split('\n')) {
    const cells = line.split('","').map((c) => c.replace(/^"|"$/g, ''));
    if (cells.length < 8 || cells[0] === 'test') continue;
    rows.push({ test: cells[0], rps: Number(cells[1]), p50: Number(cells[4]), p99: Number(cells[6]) });
  }
  return { rows, command: `redis-benchmark ${full.join(' ')}` };
}

function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Runs fn once to warm up, then `runs` times; returns the median wall time of one run in ns. */
function medianRunNs(fn, runs) {
  fn();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t));
  }
  return median(samples);
}

function percentile(values, p) {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  return v[Math.min(v.length - 1, Math.floor((p / 100) * v.length))];
}

function machine() {
  const redisVersion = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout.trim();
  const benchVersion = spawnSync('redis-benchmark', ['--version'], { encoding: 'utf8' }).stdout.trim();
  return {
    date: new Date().toISOString(),
    cores: os.cpus().length,
    cpu: os.cpus()[0] ? os.cpus()[0].model : 'unknown',
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    redis: redisVersion,
    benchmark: benchVersion,
  };
}

function machineMarkdown(m) {
  return [
    `- Date: ${m.date}`,
    `- Machine: ${m.cores} cores (${m.cpu}), ${m.memory}`,
    `- Node.js ${m.node}; ${m.redis}; ${m.benchmark}`,
  ].join('\n');
}

/**
 * Replaces the section of bench/RESULTS.md that starts with `## title` (up to the next `## `) with
 * `body`, or appends it; other sections are left as they are.
 */
function writeResultsSection(title, body) {
  const file = path.join(__dirname, 'RESULTS.md');
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# respkv benchmark results\n\nEach section is written by the script named in it; rerun that script to refresh it.\n';
  const header = `## ${title}`;
  const section = `${header}\n\n${body.trim()}\n`;
  const start = text.indexOf(`${header}\n`);
  if (start < 0) {
    text = `${text.trimEnd()}\n\n${section}`;
  } else {
    const next = text.indexOf('\n## ', start + header.length);
    text = text.slice(0, start) + section + (next < 0 ? '' : text.slice(next));
  }
  fs.writeFileSync(file, text.trimEnd() + '\n');
}

/** A deterministic uniform generator in [0, 1) (mulberry32), so two servers get the same requests. */
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A command as RESP multibulk text (latin1). */
function encodeCommand(argv) {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`;
  return s;
}

module.exports = {
  seededRandom,
  encodeCommand,
  ROOT,
  RESPKV,
  freePort,
  sleep,
  startServer,
  redisBenchmark,
  median,
  medianRunNs,
  percentile,
  machine,
  machineMarkdown,
  writeResultsSection,
};
