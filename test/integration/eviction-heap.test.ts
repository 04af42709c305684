/**
 * respkv never dies of a JavaScript heap out-of-memory: started with a 64 MB old space and no
 * maxmemory, it enforces a limit below the heap's ceiling, says so in INFO, and a write flood far
 * beyond the heap gets OOM errors (noeviction) or evictions (allkeys-lru) while the server lives on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient, encodeCommand } from '../helpers/raw';
import * as net from 'node:net';
import { RunningServer, startRespkv } from '../helpers/servers';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** Sends `rounds` pipelined batches of 100 SETs of 10 KB (100 MB in all) and counts the replies. */
async function flood(c: RawClient, rounds: number): Promise<{ ok: number; oom: number }> {
  const value = 'x'.repeat(10_000);
  let ok = 0;
  let oom = 0;
  for (let r = 0; r < rounds; r++) {
    const batch: Buffer[] = [];
    for (let i = 0; i < 100; i++) batch.push(encodeCommand(['SET', `k${r * 100 + i}`, value]));
    c.write(Buffer.concat(batch));
    for (let i = 0; i < 100; i++) {
      const reply = (await c.read(30_000)).toString('latin1');
      if (reply === '+OK\r\n') ok++;
      else if (reply === "-OOM command not allowed when used memory > 'maxmemory'.\r\n") oom++;
      else throw new Error(`unexpected reply ${reply}`);
    }
  }
  return { ok, oom };
}

function infoField(info: string, name: string): number {
  const m = new RegExp(`\\r\\n${name}:(\\d+)\\r\\n`).exec(info);
  if (m === null) throw new Error(`no ${name} in INFO`);
  return Number(m[1]);
}

describe('the heap ceiling', () => {
  it('refuses writes under noeviction instead of running out of heap', async () => {
    server = await startRespkv([], { nodeArgs: ['--max-old-space-size=64'] });
    expect(server.output()).toContain('maxmemory is not set: enforcing a limit of');
    const c = await RawClient.connect(server.port);
    const { ok, oom } = await flood(c, 100);
    expect(ok).toBeGreaterThan(1000);
    expect(oom).toBeGreaterThan(5000);
    expect(await c.call('PING')).toBe('+PONG\r\n');
    const info = await c.call('INFO', 'memory');
    expect(infoField(info, 'respkv_maxmemory_from_heap_ceiling')).toBe(1);
    expect(infoField(info, 'maxmemory')).toBe(0);
    const limit = infoField(info, 'respkv_effective_maxmemory');
    expect(limit).toBeLessThan(64 * 2 ** 20);
    expect(infoField(info, 'used_memory') - infoField(info, 'mem_not_counted_for_evict')).toBeLessThan(limit + 20_000);
    c.close();
  });

  it('evicts under allkeys-lru at the ceiling', async () => {
    server = await startRespkv(['--maxmemory-policy', 'allkeys-lru'], { nodeArgs: ['--max-old-space-size=64'] });
    const c = await RawClient.connect(server.port);
    const { ok, oom } = await flood(c, 100);
    expect(ok).toBe(10_000);
    expect(oom).toBe(0);
    const stats = await c.call('INFO', 'stats');
    expect(infoField(stats, 'evicted_keys')).toBeGreaterThan(5000);
    c.close();
  });
});

/** Resolves true once nothing accepts connections on the port (polled, at most `ms`). */
async function portClosed(port: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (!open) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('heap sizing at start-up', () => {
  it('re-executes Node with a small young generation for a small maxmemory, and the server follows its parent', async () => {
    server = await startRespkv(['--maxmemory', '10mb']);
    expect(server.output()).toContain('restarting Node with --max-semi-space-size=1');
    const c = await RawClient.connect(server.port);
    const info = await c.call('INFO', 'server');
    const pid = infoField(info, 'process_id');
    expect(pid).not.toBe(server.pid);
    expect(infoField(await c.call('INFO', 'memory'), 'respkv_maxmemory_from_heap_ceiling')).toBe(0);
    c.close();
    // The parent dies without forwarding a signal: the server must not be left running.
    process.kill(server.pid, 'SIGKILL');
    expect(await portClosed(server.port, 10_000)).toBe(true);
    server = undefined;
  });
});
