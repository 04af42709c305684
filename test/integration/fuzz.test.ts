/**
 * Seeded fuzzing over TCP. Hostile connections send random commands with random arguments,
 * mutations of valid frames (bytes flipped, dropped, duplicated, lengths altered) and random bytes,
 * concurrently with well-behaved connections that write and read back their own keys. The server
 * must stay up, answer only valid RESP (a hostile connection may be closed, or end mid-reply once it
 * has half-closed), keep the well-behaved data intact, and give its memory back when the hostile
 * clients and their keys are gone. Bounded in frames and time; the seed is printed, and FUZZ_SEED
 * replays a run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as net from 'node:net';
import { encodeCommand, RawClient, replyLength } from '../helpers/raw';
import { RunningServer, startRespkv } from '../helpers/servers';
import { ALL_COMMANDS } from '../../src/commands/index';
import { Random } from '../../src/util/random';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 0x7fffffff));
const HOSTILE_CLIENTS = 24;
const FRAMES_PER_CLIENT = 400;
const WELL_BEHAVED_CLIENTS = 4;
const KEYS_PER_WELL_BEHAVED = 200;
/** Hard bound of the whole run, ms. */
const TIME_BUDGET = 40_000;

/**
 * Commands hostile clients never send: they stop or reconfigure the server (SHUTDOWN, CONFIG,
 * DEBUG, ACL, CLIENT KILL/PAUSE), wipe or move the well-behaved data (FLUSH*, SWAPDB, MOVE into its
 * database is harmless but FLUSH is not), or are meant to run for ever (MONITOR).
 */
const EXCLUDED = new Set(['shutdown', 'config', 'debug', 'acl', 'client', 'flushall', 'flushdb', 'swapdb', 'monitor', 'failover', 'replicaof', 'slaveof', 'sync', 'psync', 'save', 'bgsave', 'bgrewriteaof', 'migrate', 'wait', 'script', 'eval', 'evalsha', 'function', 'fcall', 'module']);

/** Names and subcommand names hostile clients draw from. */
const COMMANDS: string[][] = [];
for (const row of ALL_COMMANDS) {
  if (EXCLUDED.has(row.name)) continue;
  if (row.subcommands) for (const sub of row.subcommands) COMMANDS.push([row.name, sub.name]);
  else COMMANDS.push([row.name]);
}

const WORDS = ['fz:a', 'fz:b', 'fz:c', 'fz:list', 'fz:set', 'fz:zset', 'fz:hash', 'EX', 'PX', 'NX', 'XX', 'GET', 'KEEPTTL', 'WITHSCORES', 'LIMIT', 'COUNT', 'MATCH', 'LEFT', 'RIGHT', 'BEFORE', 'AFTER', 'MIN', 'MAX', 'REV', 'BYSCORE', 'BYLEX', 'TYPE', 'string', 'list', '*', '-', '+', '(1', '[a', '-inf', '+inf', 'nan', '', ' '];
const NUMBERS = ['0', '1', '-1', '2', '10', '100', '-100', '3.5', '-0', '1e3', '9223372036854775807', '-9223372036854775808', '9223372036854775808', '0x10', '1.0', '00', '+1'];

function randomBytes(r: Random, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(r.below(256));
  return s;
}

function randomArg(r: Random): string {
  switch (r.below(5)) {
    case 0:
      return WORDS[r.below(WORDS.length)];
    case 1:
      return NUMBERS[r.below(NUMBERS.length)];
    case 2:
      return String(r.below(2000) - 1000);
    case 3:
      return 'fz:' + randomBytes(r, r.below(6));
    default:
      // Arbitrary bytes; never the well-behaved prefix.
      return 'z' + randomBytes(r, r.below(r.below(10) === 0 ? 3000 : 20));
  }
}

function randomCommand(r: Random): string[] {
  const base = COMMANDS[r.below(COMMANDS.length)];
  const argv = [...base];
  const extra = r.below(7);
  for (let i = 0; i < extra; i++) argv.push(randomArg(r));
  // Random letter case: command names are case-insensitive.
  argv[0] = r.below(2) === 0 ? argv[0].toUpperCase() : argv[0];
  return argv;
}

function mutate(r: Random, frame: Buffer): Buffer {
  const b = Buffer.from(frame);
  switch (r.below(6)) {
    case 0: {
      b[r.below(b.length)] = r.below(256);
      return b;
    }
    case 1: {
      const at = r.below(b.length);
      return Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
    }
    case 2: {
      const at = r.below(b.length);
      return Buffer.concat([b.subarray(0, at), Buffer.from(randomBytes(r, 1 + r.below(4)), 'latin1'), b.subarray(at)]);
    }
    case 3:
      return Buffer.from(b.toString('latin1').replace(/\$(\d+)/, () => '$' + String(r.below(40) - 5)), 'latin1');
    case 4:
      return Buffer.from(b.toString('latin1').replace(/^\*(\d+)/, () => '*' + String(r.below(12) - 2)), 'latin1');
    default:
      return b.subarray(0, r.below(b.length));
  }
}

function randomFrame(r: Random): Buffer {
  const kind = r.below(10);
  if (kind < 6) return encodeCommand(randomCommand(r));
  if (kind < 8) return mutate(r, encodeCommand(randomCommand(r)));
  if (kind < 9) return Buffer.from(randomCommand(r).map((a) => (r.below(3) === 0 ? `"${a}"` : a)).join(' ') + '\r\n', 'latin1');
  return Buffer.from(randomBytes(r, 1 + r.below(64)), 'latin1');
}

/**
 * Checks that `data` is a sequence of complete RESP replies, except possibly an incomplete last one
 * when the connection ended early; returns the number of replies.
 */
function validReplies(data: Buffer, mayEndEarly: boolean): number {
  let pos = 0;
  let count = 0;
  while (pos < data.length) {
    const len = replyLength(data, pos);
    if (len < 0) {
      expect(mayEndEarly, `incomplete reply at byte ${pos} of ${data.length}`).toBe(true);
      break;
    }
    pos += len;
    count++;
  }
  return count;
}

interface Tally {
  connections: number;
  replies: number;
  bytes: number;
}

/** One hostile connection: sends its frames in random-sized writes, half-closes, collects replies. */
function hostileConnection(port: number, r: Random, frames: Buffer[], deadline: number, tally: Tally): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = Buffer.concat(frames);
    const received: Buffer[] = [];
    const s = net.connect({ port, host: '127.0.0.1' });
    s.on('data', (d) => received.push(d));
    s.on('error', () => {});
    const timer = setTimeout(() => s.destroy(), Math.max(0, deadline - Date.now()));
    s.on('close', () => {
      clearTimeout(timer);
      try {
        const data = Buffer.concat(received);
        tally.connections++;
        tally.replies += validReplies(data, true);
        tally.bytes += data.length;
        resolve();
      } catch (e) {
        reject(e);
      }
    });
    s.on('connect', async () => {
      let pos = 0;
      while (pos < stream.length && !s.destroyed) {
        const n = 1 + r.below(4096);
        s.write(stream.subarray(pos, pos + n));
        pos += n;
        if (r.below(4) === 0) await new Promise((res) => setImmediate(res));
      }
      s.end();
    });
  });
}

/** A hostile client: its frames over successive connections of 1 to 40 frames each. */
async function hostile(port: number, r: Random, deadline: number, tally: Tally): Promise<void> {
  let sent = 0;
  while (sent < FRAMES_PER_CLIENT && Date.now() < deadline) {
    const n = Math.min(FRAMES_PER_CLIENT - sent, 1 + r.below(40));
    const frames = Array.from({ length: n }, () => randomFrame(r));
    // A third of the connections speak RESP3, so its replies (maps, sets, pushes) are fuzzed too.
    if (r.below(3) === 0) frames.unshift(encodeCommand(['HELLO', '3']));
    // Half run as a restricted ACL user, so key, channel and command checks see random arguments.
    if (r.below(2) === 0) frames.unshift(encodeCommand(['AUTH', 'fuzzer', 'x']));
    await hostileConnection(port, r, frames, deadline, tally);
    sent += n;
  }
}

/** One well-behaved connection: writes its keys and reads each back while the fuzz runs. */
async function wellBehaved(port: number, id: number, r: Random): Promise<Map<string, string>> {
  const c = await RawClient.connect(port);
  const written = new Map<string, string>();
  for (let i = 0; i < KEYS_PER_WELL_BEHAVED; i++) {
    const key = `wb:${id}:${i}`;
    const value = randomBytes(r, r.below(300));
    expect(await c.call('SET', key, value)).toBe('+OK\r\n');
    written.set(key, value);
    const probe = `wb:${id}:${r.below(i + 1)}`;
    const expected = written.get(probe)!;
    expect(await c.call('GET', probe)).toBe(`$${expected.length}\r\n${expected}\r\n`);
  }
  c.close();
  return written;
}

/**
 * used_memory less mem_not_counted_for_evict: what clients and keys account for. The rest is V8's
 * young generation, which grows with the allocation rate and stays grown.
 */
function usedMemory(info: string): number {
  const used = /used_memory:(\d+)/.exec(info);
  const notCounted = /mem_not_counted_for_evict:(\d+)/.exec(info);
  if (used === null || notCounted === null) throw new Error('INFO has no used_memory or mem_not_counted_for_evict');
  return Number(used[1]) - Number(notCounted[1]);
}

describe('fuzzing the server over TCP', () => {
  let server: RunningServer;
  let admin: RawClient;
  beforeAll(async () => {
    server = await startRespkv();
    admin = await RawClient.connect(server.port);
  });
  afterAll(async () => {
    admin?.close();
    await server?.stop();
  });

  it(`survives hostile clients (seed ${SEED})`, { timeout: TIME_BUDGET + 20_000 }, async () => {
    console.log(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
    const r = new Random(SEED);
    const infoOf = async () => {
      const raw = await admin.call('INFO', 'memory');
      return raw.slice(raw.indexOf('\r\n') + 2);
    };
    expect(await admin.call('ACL', 'SETUSER', 'fuzzer', 'on', 'nopass', '~fz:*', '%R~z*', '&fz*', '+@all', '-@dangerous', '(~z* +@read)')).toBe('+OK\r\n');
    const baseline = usedMemory(await infoOf());
    const deadline = Date.now() + TIME_BUDGET;
    const tally: Tally = { connections: 0, replies: 0, bytes: 0 };
    const hostiles = Array.from({ length: HOSTILE_CLIENTS }, (_, i) => hostile(server.port, new Random(SEED + 1 + i), deadline, tally));
    const wells = Array.from({ length: WELL_BEHAVED_CLIENTS }, (_, i) => wellBehaved(server.port, i, new Random(SEED + 1000 + i)));
    await Promise.all(hostiles);
    const written = await Promise.all(wells);
    console.log(`fuzz: ${tally.connections} hostile connections, ${tally.replies} replies, ${tally.bytes} bytes`);
    expect(tally.replies).toBeGreaterThan(HOSTILE_CLIENTS * 10);

    // The server is alive and the well-behaved data is intact.
    expect(await admin.call('PING')).toBe('+PONG\r\n');
    expect(await admin.call('SELECT', '0')).toBe('+OK\r\n');
    for (const map of written) {
      for (const [key, value] of map) expect(await admin.call('GET', key), key).toBe(`$${value.length}\r\n${value}\r\n`);
    }

    // Memory: with the clients gone and every key deleted (FLUSHALL also takes keys that expired
    // unseen), usage is back to the baseline once freeing in the background is done.
    expect(await admin.call('FLUSHALL')).toBe('+OK\r\n');
    expect(await admin.call('DBSIZE')).toBe(':0\r\n');
    let after = usedMemory(await infoOf());
    for (let i = 0; i < 100 && Math.abs(after - baseline) >= 64 * 1024; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = usedMemory(await infoOf());
    }
    // Within 64 KB of the start: nothing is left of the clients or their keys.
    expect(Math.abs(after - baseline), `used_memory ${baseline} -> ${after}`).toBeLessThan(64 * 1024);
  });
});
