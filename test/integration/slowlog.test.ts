/**
 * SLOWLOG, LATENCY and MONITOR over TCP. slowlog-log-slower-than 0 logs every command, so the log's
 * content is known without timing; latency samples come from DEBUG SLEEP, which takes at least the
 * time it is asked to, above a 1 ms threshold. MONITOR lines are checked for format and order.
 */
import Redis from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw';
import { decodeReply, Decoded } from '../helpers/resp';
import { startInProcess } from '../helpers/servers';

let port: number;
let stop: () => Promise<void>;
let admin: Redis;
let raw: RawClient;

beforeAll(async () => {
  ({ port, stop } = await startInProcess({ 'enable-debug-command': 'yes' }));
  admin = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  await admin.connect();
  raw = await RawClient.connect(port);
});
afterAll(async () => {
  admin?.disconnect();
  raw?.close();
  await stop();
});
beforeEach(async () => {
  await admin.config('SET', 'slowlog-log-slower-than', '10000');
  await admin.config('SET', 'slowlog-max-len', '128');
  await admin.slowlog('RESET');
});

async function slowlogGet(...args: string[]): Promise<Decoded[]> {
  return decodeReply(await raw.call('SLOWLOG', 'GET', ...args)) as Decoded[];
}

describe('SLOWLOG', () => {
  it('logs every command at threshold 0, newest first, with Redis\'s entry shape', async () => {
    await admin.config('SET', 'slowlog-log-slower-than', '0');
    await raw.call('CLIENT', 'SETNAME', 'logger');
    await raw.call('SET', 'k', 'v');
    await raw.call('GET', 'k');
    const entries = await slowlogGet('2');
    expect(entries).toHaveLength(2);
    const [newest, older] = entries as Decoded[][];
    expect(newest[3]).toEqual(['GET', 'k']);
    expect(older[3]).toEqual(['SET', 'k', 'v']);
    expect(newest[0] as number).toBeGreaterThan(older[0] as number);
    expect(typeof newest[1]).toBe('number');
    expect(newest[2] as number).toBeGreaterThanOrEqual(0);
    expect(newest[4]).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(newest[5]).toBe('logger');
    expect(await admin.slowlog('LEN')).toBeGreaterThanOrEqual(4);
  });

  it('trims long argument lists and long arguments as Redis does', async () => {
    await admin.config('SET', 'slowlog-log-slower-than', '0');
    const many = Array.from({ length: 40 }, (_, i) => `m${i}`);
    await raw.call('SADD', 'set', ...many);
    await raw.call('SET', 'long', 'x'.repeat(200));
    const [setEntry, saddEntry] = (await slowlogGet('2')) as Decoded[][];
    expect(setEntry[3]).toEqual(['SET', 'long', `${'x'.repeat(128)}... (72 more bytes)`]);
    const args = saddEntry[3] as string[];
    expect(args).toHaveLength(32);
    expect(args[31]).toBe('... (11 more arguments)');
    expect(args.slice(0, 3)).toEqual(['SADD', 'set', 'm0']);
  });

  it('keeps at most slowlog-max-len entries and skips EXEC itself', async () => {
    await admin.config('SET', 'slowlog-max-len', '3');
    await admin.config('SET', 'slowlog-log-slower-than', '0');
    for (let i = 0; i < 5; i++) await raw.call('PING');
    expect(await admin.slowlog('LEN')).toBe(3);
    await admin.slowlog('RESET');
    await raw.call('MULTI');
    await raw.call('INCR', 'c');
    await raw.call('EXEC');
    await admin.config('SET', 'slowlog-log-slower-than', '-1');
    const names = ((await slowlogGet('-1')) as Decoded[][]).map((e) => (e[3] as string[])[0]);
    expect(names).toContain('INCR');
    expect(names).toContain('MULTI');
    expect(names).not.toContain('EXEC');
  });

  it('logs nothing when disabled or below the threshold', async () => {
    await admin.config('SET', 'slowlog-log-slower-than', '-1');
    await raw.call('PING');
    await admin.config('SET', 'slowlog-log-slower-than', '100000000');
    await raw.call('PING');
    expect(await admin.slowlog('LEN')).toBe(0);
  });
});

describe('LATENCY', () => {
  it('records command latency above the threshold, and resets', async () => {
    await admin.latency('RESET');
    await admin.config('SET', 'latency-monitor-threshold', '1');
    await raw.call('DEBUG', 'SLEEP', '0.02');
    await admin.config('SET', 'latency-monitor-threshold', '0');
    const latest = decodeReply(await raw.call('LATENCY', 'LATEST')) as Decoded[][];
    const command = latest.find((e) => e[0] === 'command')!;
    expect(command).toBeDefined();
    expect(command[2] as number).toBeGreaterThanOrEqual(20);
    expect(command[3]).toBe(command[2]);
    const history = decodeReply(await raw.call('LATENCY', 'HISTORY', 'command')) as number[][];
    expect(history).toHaveLength(1);
    expect(history[0][1]).toBe(command[2]);
    expect(await admin.latency('RESET', 'command', 'nosuch')).toBe(1);
    expect(decodeReply(await raw.call('LATENCY', 'LATEST'))).toEqual([]);
  });
});

describe('MONITOR', () => {
  it('streams executed commands with Redis\'s line format, EXEC after its commands', async () => {
    const monitor = await RawClient.connect(port);
    expect(await monitor.call('MONITOR')).toBe('+OK\r\n');
    const client = await RawClient.connect(port);
    await client.call('SELECT', '3');
    await client.call('SET', 'a', 'x\ty"\x01');
    await client.call('GET');
    await client.call('CONFIG', 'GET', 'port');
    await client.call('AUTH', 'secret');
    await client.call('MULTI');
    await client.call('INCR', 'n');
    await client.call('EXEC');
    const lines: string[] = [];
    for (let i = 0; i < 6; i++) lines.push((await monitor.read()).toString('latin1'));
    const body = lines.map((l) => l.replace(/^\+\d+\.\d{6} \[(\d+) 127\.0\.0\.1:\d+\] /, '[$1] ').trimEnd());
    // The database is the one selected after the command ran, as Redis prints it.
    expect(body).toEqual([
      '[3] "SELECT" "3"',
      '[3] "SET" "a" "x\\ty\\"\\x01"',
      '[3] "AUTH" "(redacted)"',
      '[3] "MULTI"',
      '[3] "INCR" "n"',
      '[3] "EXEC"',
    ]);
    expect(lines[0]).toMatch(/^\+\d{10}\.\d{6} \[3 127\.0\.0\.1:\d+\] "SELECT" "3"\r\n$/);
    expect(monitor.pending()).toBe('');
    monitor.close();
    client.close();
  });
});
