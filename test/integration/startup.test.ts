/**
 * Start-up and shutdown of the respkv-server process (dist/main.js), as redis-server behaves: a
 * config file with include and command-line overrides, fatal errors naming the line with exit code
 * 1, one warning for accepted but inert directives, Redis-style logs, CONFIG REWRITE of the start-up
 * file, and clean exits on SIGTERM, SIGINT and SHUTDOWN.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw';
import { freePort, RESPKV_BIN, RunningServer, startRespkv, waitForPing } from '../helpers/servers';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'respkv-startup-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** Runs dist/main.js to completion (for start-ups that must fail); bounded by a timeout. */
function runToExit(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RESPKV_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d.toString()));
    child.stderr.on('data', (d) => (output += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`respkv did not exit:\n${output}`));
    }, 10000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Starts dist/main.js and resolves once it answers PING, with a handle on its exit. */
async function launch(args: string[]): Promise<{ port: number; output: () => string; exited: Promise<number | null>; kill: (s: NodeJS.Signals) => void }> {
  const port = await freePort();
  const child = spawn(process.execPath, [RESPKV_BIN, ...args, '--port', String(port), '--bind', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d.toString()));
  child.stderr.on('data', (d) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const killer = setTimeout(() => child.kill('SIGKILL'), 20000);
  void exited.then(() => clearTimeout(killer));
  await waitForPing(port);
  return { port, output: () => output, exited, kill: (s) => child.kill(s) };
}

async function configGet(port: number, ...names: string[]): Promise<string> {
  const c = await RawClient.connect(port);
  const reply = await c.call('CONFIG', 'GET', ...names);
  c.close();
  return reply;
}

describe('configuration at start-up', () => {
  it('reads the file and its includes, then command-line options override them', async () => {
    const inc = write('inc.conf', 'maxmemory-policy allkeys-lru\nhz 25\n');
    const file = write('start.conf', `# respkv test\ninclude ${inc}\nmaxmemory 10mb\nhz 30\ndatabases 4\n`);
    let server: RunningServer | undefined;
    try {
      server = await startRespkv(['--maxmemory', '20mb', '--timeout', '7'], { configFile: file });
      expect(await configGet(server.port, 'maxmemory-policy')).toBe('*2\r\n$16\r\nmaxmemory-policy\r\n$11\r\nallkeys-lru\r\n');
      expect(await configGet(server.port, 'hz')).toBe('*2\r\n$2\r\nhz\r\n$2\r\n30\r\n');
      expect(await configGet(server.port, 'maxmemory')).toBe(`*2\r\n$9\r\nmaxmemory\r\n$8\r\n${20 * 1024 * 1024}\r\n`);
      expect(await configGet(server.port, 'timeout', 'databases')).toBe('*4\r\n$7\r\ntimeout\r\n$1\r\n7\r\n$9\r\ndatabases\r\n$1\r\n4\r\n');
      expect(server.output()).toContain(`Configuration loaded from ${fs.realpathSync(file)}`);
    } finally {
      await server?.stop();
    }
  });

  it('stops on an unknown directive, naming the line, with exit code 1', async () => {
    const file = write('bad.conf', 'port 0\n# comment\nnosuchdirective yes\n');
    const { code, output } = await runToExit([file]);
    expect(code).toBe(1);
    expect(output).toContain("*** FATAL CONFIG FILE ERROR (respkv 7.0.15) ***\nReading the configuration file, at line 3\n>>> 'nosuchdirective yes'\nBad directive or wrong number of arguments");
  });

  it('stops on an invalid value given on the command line, counting lines after the file', async () => {
    const file = write('ok.conf', 'port 0\n');
    const { code, output } = await runToExit([file, '--maxmemory', '10xb']);
    expect(code).toBe(1);
    expect(output).toContain('at line 3\n>>> \'maxmemory "10xb"\'\nargument must be a memory value');
  });

  it('stops on a dir that does not exist, naming the line', async () => {
    const { code, output } = await runToExit(['--port', '7', '--dir', '/nonexistent/dir']);
    expect(code).toBe(1);
    expect(output).toContain("at line 3\n>>> 'dir \"/nonexistent/dir\"'\nNo such file or directory");
  });

  it('stops when the log file cannot be opened', async () => {
    const { code, output } = await runToExit(['--logfile', '/nonexistent/dir/respkv.log']);
    expect(code).toBe(1);
    expect(output).toContain("*** FATAL CONFIG FILE ERROR (respkv 7.0.15) ***\nCan't open the log file: No such file or directory");
  });

  it('stops when the config file cannot be opened', async () => {
    const missing = path.join(dir, 'missing.conf');
    const { code, output } = await runToExit([missing]);
    expect(code).toBe(1);
    expect(output).toContain(`Fatal error, can't open config file '${missing}': No such file or directory`);
  });

  it('accepts Redis directives it does not implement with one warning naming them', async () => {
    const file = write('inert.conf', 'repl-backlog-size 1mb\nsave 900 1\nrdbcompression yes\nappendonly no\n');
    const server = await launch([file]);
    server.kill('SIGTERM');
    await server.exited;
    const warnings = server.output().split('\n').filter((l) => l.includes('not implemented'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/# Accepted but not implemented by respkv \(ignored\): repl-backlog-size, save, rdbcompression$/);
  });

  it('exits when configured to listen nowhere', async () => {
    const { code, output } = await runToExit(['--port', '0']);
    expect(code).toBe(1);
    expect(output).toMatch(/# Configured to not listen anywhere, exiting\.$/m);
  });

  const debianConf = '/etc/redis/redis.conf';
  it.skipIf(!fs.existsSync(debianConf))('starts from the redis.conf the redis-server package installs', async () => {
    const server = await launch([debianConf, '--daemonize', 'no', '--logfile', '', '--pidfile', '', '--dir', dir]);
    const c = await RawClient.connect(server.port);
    expect(await c.call('PING')).toBe('+PONG\r\n');
    c.close();
    server.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const warnings = server.output().split('\n').filter((l) => l.includes('Accepted but not implemented'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).not.toMatch(/daemonize/);
  });

  it('answers -v and --help without starting', async () => {
    const version = await runToExit(['-v']);
    expect(version.code).toBe(0);
    expect(version.output).toMatch(/redis_version=7\.0\.15/);
    const help = await runToExit(['--help']);
    expect(help.code).toBe(1);
    expect(help.output).toContain('Usage: respkv-server [/path/to/redis.conf] [options]');
  });
});

describe('logs and shutdown', () => {
  it('logs version, pid, port and readiness, and exits cleanly on SIGTERM', async () => {
    const server = await launch([]);
    server.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const out = server.output();
    expect(out).toMatch(/^\d+:M \d\d \w{3} \d{4} \d\d:\d\d:\d\d\.\d{3} # oO0OoO0OoO0Oo respkv is starting oO0OoO0OoO0Oo$/m);
    expect(out).toMatch(/redis_version=7\.0\.15, bits=64, .*pid=\d+, just started/);
    expect(out).toContain(`port=${server.port}`);
    expect(out).toMatch(/\* Ready to accept connections/);
    expect(out).toMatch(/# Received SIGTERM scheduling shutdown\.\.\./);
    expect(out).toMatch(/is now ready to exit, bye bye\.\.\./);
  });

  it('exits cleanly on SIGINT', async () => {
    const server = await launch([]);
    server.kill('SIGINT');
    expect(await server.exited).toBe(0);
    expect(server.output()).toMatch(/Received SIGINT scheduling shutdown/);
  });

  it('SHUTDOWN closes the connection and exits; SHUTDOWN SAVE cannot save and refuses without FORCE', async () => {
    const server = await launch([]);
    const c = await RawClient.connect(server.port);
    expect(await c.call('SHUTDOWN', 'SAVE')).toBe('-ERR Errors trying to SHUTDOWN. Check logs.\r\n');
    expect(await c.call('PING')).toBe('+PONG\r\n');
    c.write('*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n');
    await c.waitClosed();
    expect(c.pending()).toBe('');
    expect(await server.exited).toBe(0);
    expect(server.output()).toMatch(/User requested shutdown/);
  });
});

describe('CONFIG REWRITE', () => {
  it('rewrites the start-up file, keeping comments and foreign lines', async () => {
    const file = write('rw.conf', '# keep me\nhz 20\nrepl-backlog-size 1mb\n');
    const server = await launch([file]);
    const c = await RawClient.connect(server.port);
    expect(await c.call('CONFIG', 'SET', 'hz', '40', 'maxmemory', '1gb')).toBe('+OK\r\n');
    expect(await c.call('CONFIG', 'REWRITE')).toBe('+OK\r\n');
    c.close();
    server.kill('SIGTERM');
    await server.exited;
    const text = fs.readFileSync(file, 'latin1');
    expect(text.startsWith('# keep me\nhz 40\nrepl-backlog-size 1mb\n')).toBe(true);
    expect(text).toContain('\nmaxmemory 1gb\n');
    // Command-line overrides are part of the running config and are written too, as in Redis.
    expect(text).toMatch(/\nport \d+\n/);
  });

  it('refuses without a config file', async () => {
    const server = await launch([]);
    const c = await RawClient.connect(server.port);
    expect(await c.call('CONFIG', 'REWRITE')).toBe('-ERR The server is running without a config file\r\n');
    c.close();
    server.kill('SIGTERM');
    await server.exited;
  });
});
