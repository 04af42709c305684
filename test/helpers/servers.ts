/**
 * Starting servers for tests: respkv (as a child process from dist/, or in this process for tests
 * that inject a clock) and a real redis-server as the oracle. Every server binds 127.0.0.1 on a free
 * port chosen here and is stopped by the test that started it.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Config } from '../../src/config/config';
import { Server, ServerOptions } from '../../src/server';
import { Logger } from '../../src/util/log';

export const ROOT = path.resolve(__dirname, '../..');
export const RESPKV_BIN = path.join(ROOT, 'dist/main.js');

export interface RunningServer {
  port: number;
  pid: number;
  /** Everything the process printed so far. */
  output(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections and answers PING on the port. */
export async function waitForPing(port: number, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const reply = await new Promise<string>((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1');
        let data = '';
        s.on('connect', () => s.write('PING\r\n'));
        s.on('data', (d) => {
          data += d.toString('latin1');
          if (data.includes('\r\n')) {
            s.destroy();
            resolve(data);
          }
        });
        s.on('error', reject);
      });
      if (reply.startsWith('+PONG') || reply.startsWith('-LOADING') || reply.startsWith('-NOAUTH')) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`nothing answered PING on port ${port}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

function track(child: ChildProcess, port: number): RunningServer {
  let out = '';
  child.stdout?.on('data', (d) => (out += d.toString()));
  child.stderr?.on('data', (d) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    port,
    pid: child.pid!,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/** Starts dist/main.js with the given extra arguments (a config file first, if any). */
export async function startRespkv(args: string[] = [], options: { configFile?: string; nodeArgs?: string[] } = {}): Promise<RunningServer> {
  const port = await freePort();
  const argv = [...(options.nodeArgs ?? []), RESPKV_BIN];
  if (options.configFile) argv.push(options.configFile);
  argv.push('--port', String(port), '--bind', '127.0.0.1', ...args);
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  const server = track(child, port);
  try {
    await waitForPing(port);
  } catch (e) {
    await server.stop();
    throw new Error(`respkv did not start: ${(e as Error).message}\n${server.output()}`);
  }
  return server;
}

export function redisServerAvailable(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

/** Starts a real redis-server without persistence, in a temporary directory. */
export async function startRedis(args: string[] = []): Promise<RunningServer> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'respkv-oracle-'));
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const server = track(child, port);
  await waitForPing(port);
  const stop = server.stop;
  server.stop = async () => {
    await stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return server;
}

/**
 * A respkv Server in this process, listening on a free port, for tests that inject a clock or
 * random source or inspect internals. `settings` are config directives (name -> value).
 */
export async function startInProcess(
  settings: Record<string, string> = {},
  options: Omit<ServerOptions, 'config'> = {},
): Promise<{ server: Server; port: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const config = new Config();
  const all: Record<string, string> = { port: String(port), bind: '127.0.0.1', ...settings };
  for (const [name, value] of Object.entries(all)) {
    const error = config.setMany([[name, value]], () => undefined);
    if (error !== undefined) {
      const row = config.row(name);
      if (row === undefined) throw new Error(error);
      // Immutable settings (port, bind, databases) are start-up only: store them directly.
      const { parseValue } = await import('../../src/config/config');
      const parsed = parseValue(row, row.multiArg ? value.split(' ') : [value]);
      if ('error' in parsed) throw new Error(parsed.error);
      config.store(row, parsed.value);
    }
  }
  const log = new Logger();
  log.level = 'nothing';
  const server = new Server({ config, log, ...options });
  await server.listen();
  server.start();
  return { server, port, stop: () => server.shutdown() };
}
