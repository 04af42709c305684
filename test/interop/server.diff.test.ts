/**
 * Differential tests of the server commands against redis-server 7.0: every row of respkv's command
 * table against Redis's COMMAND INFO (arity, flags, key positions, ACL categories), the byte-exact
 * replies of COMMAND, DEBUG, TIME and SHUTDOWN errors, and the shape of INFO (its sections in order
 * and Redis's field names in each).
 */
import { describe, expect, it } from 'vitest';
import { startPair, usePair } from '../helpers/differential';
import { decodeReply, Decoded } from '../helpers/resp';

const pair = usePair({ respkvArgs: ['--enable-debug-command', 'yes'], redisArgs: ['--enable-debug-command', 'yes'] });

interface InfoEntry {
  name: string;
  arity: number;
  flags: string[];
  keys: [number, number, number];
  categories: string[];
  tips: string[];
  keySpecs: string;
  subcommands: InfoEntry[];
}

function toEntry(d: Decoded): InfoEntry {
  const a = d as Decoded[];
  return {
    name: a[0] as string,
    arity: a[1] as number,
    flags: [...(a[2] as string[])].sort(),
    keys: [a[3] as number, a[4] as number, a[5] as number],
    categories: [...(a[6] as string[])].sort(),
    tips: [...(a[7] as string[])].sort(),
    keySpecs: JSON.stringify(a[8]),
    subcommands: (a[9] as Decoded[]).map(toEntry),
  };
}

/** Every entry with its subcommands, flattened. */
function flatten(entries: InfoEntry[]): InfoEntry[] {
  return entries.flatMap((e) => [e, ...flatten(e.subcommands)]);
}

/** Commands respkv has beyond Redis 7.0 because clients of later versions send them (Redis 7.2's). */
const BEYOND_7_0 = new Set(['client|setinfo', 'client|no-touch']);

describe('the command table, against COMMAND INFO of redis-server 7.0', () => {
  it('declares every command with Redis 7.0 arity, flags, key positions and ACL categories', async () => {
    const ours = flatten((decodeReply(await pair.ours.call('COMMAND')) as Decoded[]).map(toEntry));
    expect(ours.length).toBeGreaterThan(20);
    const names = ours.map((e) => e.name);
    const theirs = (decodeReply(await pair.theirs.call('COMMAND', 'INFO', ...names)) as Decoded[]).map((d) => (d === null ? null : toEntry(d)));
    const mismatches: string[] = [];
    ours.forEach((mine, i) => {
      const ref = theirs[i];
      if (BEYOND_7_0.has(mine.name)) return;
      if (ref === null) {
        mismatches.push(`${mine.name}: not a Redis 7.0 command`);
        return;
      }
      const fields: Array<keyof InfoEntry> = ['arity', 'flags', 'keys', 'categories', 'tips', 'keySpecs'];
      for (const f of fields) {
        if (JSON.stringify(mine[f]) !== JSON.stringify(ref[f])) mismatches.push(`${mine.name} ${f}: ${JSON.stringify(mine[f])} != redis ${JSON.stringify(ref[f])}`);
      }
      // A container may implement only some of Redis's subcommands; the rest answer unknown subcommand.
      for (const sub of mine.subcommands) {
        if (!ref.subcommands.some((s) => s.name === sub.name) && !BEYOND_7_0.has(sub.name)) mismatches.push(`${sub.name}: not a Redis 7.0 subcommand`);
      }
    });
    expect(mismatches).toEqual([]);
  });

  it('answers COMMAND INFO and COMMAND DOCS byte for byte for every command and subcommand, in RESP3 too', async () => {
    const names = flatten((decodeReply(await pair.ours.call('COMMAND')) as Decoded[]).map(toEntry))
      .filter((e) => e.subcommands.length === 0 && !BEYOND_7_0.has(e.name))
      .map((e) => e.name);
    const differing: string[] = [];
    for (const proto of ['2', '3']) {
      await pair.both('HELLO', proto);
      for (const name of names) {
        for (const sub of ['INFO', 'DOCS']) {
          const [a, b] = await pair.both('COMMAND', sub, name);
          if (a !== b) differing.push(`RESP${proto} ${sub} ${name}`);
        }
      }
    }
    await pair.both('HELLO', '2');
    expect(differing).toEqual([]);
  });

  it('answers COMMAND INFO and COMMAND DOCS byte for byte in RESP2 and RESP3', async () => {
    const steps = [
      ['COMMAND', 'INFO', 'time'],
      ['COMMAND', 'INFO', 'config|get', 'NOSUCH', 'Config|Set'],
      ['COMMAND', 'INFO', 'get|x'],
      ['COMMAND', 'INFO', 'shutdown', 'debug', 'info'],
      ['COMMAND', 'DOCS', 'time'],
      ['COMMAND', 'DOCS', 'nosuch'],
      ['COMMAND', 'COUNT', 'x'],
      ['COMMAND', 'NOSUCH'],
      ['COMMAND', 'HELP'],
    ];
    await pair.expectSame(steps);
    await pair.expectSame([{ cmd: ['HELLO', '3'], typeOnly: true }]);
    await pair.expectSame(steps);
    await pair.expectSame([{ cmd: ['HELLO', '2'], typeOnly: true }]);
  });

  it('documents every command as Redis 7.0 does', async () => {
    const names = flatten((decodeReply(await pair.ours.call('COMMAND')) as Decoded[]).map(toEntry))
      .map((e) => e.name)
      .filter((n) => !BEYOND_7_0.has(n));
    const docs = async (client: typeof pair.ours) => {
      const out = new Map<string, string>();
      const walk = (pairs: Decoded[]) => {
        for (const [name, fields] of pairs as Array<[string, Array<[string, Decoded]>]>) {
          // A container lists only the subcommands respkv has; those are compared one by one.
          const kept = fields.filter(([k]) => k !== 'subcommands');
          out.set(name, JSON.stringify(kept));
          const subs = fields.find(([k]) => k === 'subcommands');
          if (subs) walk(subs[1] as Decoded[]);
        }
      };
      walk(decodeReply(await client.call('COMMAND', 'DOCS', ...names)) as Decoded[]);
      return out;
    };
    await pair.both('HELLO', '3');
    const [ours, theirs] = await Promise.all([docs(pair.ours), docs(pair.theirs)]);
    await pair.both('HELLO', '2');
    const differing = names.filter((n) => ours.get(n) !== theirs.get(n));
    expect(differing).toEqual([]);
    await pair.expectSame([
      ['COMMAND', 'DOCS', 'config|set'],
      ['COMMAND', 'DOCS', 'shutdown'],
      ['COMMAND', 'DOCS', 'set', 'get', 'nosuch', 'debug'],
      ['COMMAND', 'DOCS', 'command|getkeys', 'time'],
    ]);
  });

  it('lists subcommands of a container, in any order', async () => {
    const [a, b] = await pair.both('COMMAND', 'INFO', 'config');
    const subs = (raw: string) =>
      flatten([toEntry((decodeReply(raw) as Decoded[])[0])])
        .map((e) => JSON.stringify(e.name === 'config' ? { ...e, subcommands: [] } : e))
        .sort();
    expect(subs(a)).toEqual(subs(b));
  });

  it('answers COMMAND LIST, COUNT, GETKEYS and GETKEYSANDFLAGS as Redis', async () => {
    await pair.expectSame([
      { cmd: ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'config*'], unordered: true },
      { cmd: ['COMMAND', 'LIST', 'FILTERBY', 'pattern', 'CONFIG|G*'], unordered: true },
      ['COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'x'],
      ['COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'nosuchcategory'],
      ['COMMAND', 'LIST', 'FILTERBY'],
      ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN'],
      ['COMMAND', 'LIST', 'FILTERBY', 'NOPE', 'x'],
      ['COMMAND', 'LIST', 'x'],
      { cmd: ['COMMAND', 'COUNT'], typeOnly: true },
      ['COMMAND', 'GETKEYS', 'get', 'a'],
      ['COMMAND', 'GETKEYS', 'mset', 'a', '1', 'b', '2'],
      ['COMMAND', 'GETKEYS', 'mget', 'a', 'b', 'c'],
      ['COMMAND', 'GETKEYS', 'get'],
      ['COMMAND', 'GETKEYS', 'get', 'a', 'b'],
      ['COMMAND', 'GETKEYS', 'ping', 'x'],
      ['COMMAND', 'GETKEYS', 'config', 'get', 'x'],
      ['COMMAND', 'GETKEYS', 'nosuch', 'a'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'get', 'a'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'mget', 'a', 'b'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'rename', 'a', 'b'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'del', 'a', 'b'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'copy', 'a', 'b'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'lmove', 'a', 'b', 'LEFT', 'RIGHT'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'zunionstore', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'blpop', 'a', 'b', '0'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'lmpop', '2', 'a', 'b', 'LEFT'],
      ['COMMAND', 'GETKEYS', 'zunionstore', 'd', '2', 'a', 'b'],
      ['COMMAND', 'GETKEYS', 'zunionstore', 'd', '0', 'a'],
      ['COMMAND', 'GETKEYS', 'zunionstore', 'd', 'x'],
      ['COMMAND', 'GETKEYS', 'config', 'nosuch'],
      ['COMMAND', 'GETKEYS', 'object', 'encoding', 'k'],
      ['COMMAND', 'GETKEYS', 'lmpop', '2', 'a', 'b', 'LEFT'],
      ['COMMAND', 'GETKEYS', 'lmpop', '0', 'a', 'LEFT'],
      ['COMMAND', 'INFO', 'rename', 'zunionstore', 'mset'],
    ]);
    // Every command in both tables is in COMMAND LIST of both.
    const [a, b] = await pair.both('COMMAND', 'LIST');
    const ours = decodeReply(a) as string[];
    const theirs = new Set(decodeReply(b) as string[]);
    expect(ours.filter((n) => !theirs.has(n) && !BEYOND_7_0.has(n))).toEqual([]);
    const [ca] = await pair.both('COMMAND', 'COUNT');
    expect(decodeReply(ca)).toBe((decodeReply(await pair.ours.call('COMMAND')) as Decoded[]).length);
  });
});

describe('DEBUG, TIME and SHUTDOWN, as redis-server', () => {
  it('answers DEBUG subcommands and their errors identically', async () => {
    await pair.expectSame([
      ['DEBUG'],
      ['DEBUG', 'nosuch'],
      ['DEBUG', 'SLEEP'],
      ['DEBUG', 'SLEEP', '0'],
      ['DEBUG', 'sleep', '0.001'],
      ['DEBUG', 'SLEEP', 'x'],
      ['DEBUG', 'SLEEP', '0', '1'],
      ['DEBUG', 'OBJECT', 'nokey'],
      ['DEBUG', 'OBJECT'],
      ['DEBUG', 'SET-ACTIVE-EXPIRE'],
      ['DEBUG', 'SET-ACTIVE-EXPIRE', '0'],
      ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
      ['DEBUG', 'ERROR', 'MYERR something broke'],
      ['DEBUG', 'ERROR'],
      ['DEBUG', 'LOG', 'a message'],
      ['DEBUG', 'CHANGE-REPL-ID'],
      ['SELECT', '9'],
      ['DEBUG', 'POPULATE', '3'],
      { cmd: ['KEYS', '*'], unordered: true },
      ['GET', 'key:2'],
      ['DEBUG', 'POPULATE', '2', 'pre', '10'],
      ['GET', 'pre:1'],
      ['DEBUG', 'POPULATE', '5', 'pre', '3'],
      ['GET', 'pre:4'],
      ['GET', 'pre:0'],
      ['DEBUG', 'POPULATE', '-1'],
      ['DEBUG', 'POPULATE', 'x'],
      ['DEBUG', 'POPULATE', '1', 'p', 'x'],
      ['DEBUG', 'POPULATE', '1', 'p', '1', 'extra'],
      ['DBSIZE'],
      ['FLUSHDB'],
      ['SELECT', '0'],
    ]);
    const types = ['string', 'integer', 'double', 'bignum', 'null', 'array', 'set', 'map', 'attrib', 'verbatim', 'true', 'false', 'nope'];
    for (const proto of ['2', '3']) {
      await pair.expectSame([{ cmd: ['HELLO', proto], typeOnly: true }, ...types.map((t) => ['DEBUG', 'PROTOCOL', t])]);
    }
    // In RESP3 a push comes before the reply proper: two replies to one command.
    const [push, pushTheirs] = await pair.both('DEBUG', 'PROTOCOL', 'push');
    expect(push).toBe(pushTheirs);
    const [after, afterTheirs] = await Promise.all([pair.ours.read(), pair.theirs.read()]);
    expect(after.toString('latin1')).toBe(afterTheirs.toString('latin1'));
    await pair.expectSame([{ cmd: ['HELLO', '2'], typeOnly: true }, ['DEBUG', 'PROTOCOL', 'push']]);
  });

  it('stops and resumes the periodic tick with DEBUG PAUSE-CRON', async () => {
    await pair.expectSame([['DEBUG', 'PAUSE-CRON'], ['DEBUG', 'PAUSE-CRON', '1'], ['SELECT', '11'], ['SET', 'soon', 'x', 'PX', '1']]);
    // Without the tick nothing expires a key nobody reads.
    await new Promise((r) => setTimeout(r, 300));
    await pair.expectSame([['DBSIZE'], ['DEBUG', 'PAUSE-CRON', '0']]);
    const deadline = Date.now() + 5000;
    while ((await pair.ours.call('DBSIZE')) !== ':0\r\n') {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 20));
    }
    await pair.both('SELECT', '0');
  });

  it('changes the replication id with DEBUG CHANGE-REPL-ID', async () => {
    const replid = async () => /master_replid:([0-9a-f]{40})/.exec(decodeReply(await pair.ours.call('INFO', 'replication')) as string)![1];
    const before = await replid();
    expect(await replid()).toBe(before);
    await pair.ours.call('DEBUG', 'CHANGE-REPL-ID');
    expect(await replid()).not.toBe(before);
  });

  it('describes a key with DEBUG OBJECT in Redis format', async () => {
    const normalise = (s: string) => s.replace(/at:0x[0-9a-f]+/, 'at:ADDR').replace(/lru:\d+/, 'lru:L').replace(/lru_seconds_idle:\d+/, 'idle');
    for (const [key, value] of [
      ['dbg:int', '12345'],
      ['dbg:small', '7'],
      ['dbg:str', 'hello'],
      // Redis LZF-compresses longer strings in serializedlength; a string without repeats stays as it is.
      ['dbg:raw', 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS'],
      ['dbg:neg', '-42'],
    ]) {
      await pair.both('SET', key, value);
      const [a, b] = await pair.both('DEBUG', 'OBJECT', key);
      expect(normalise(a), key).toBe(normalise(b));
    }
    // A string built in place is raw whatever its length, as OBJECT ENCODING says.
    await pair.both('APPEND', 'dbg:small', 'x');
    const [a, b] = await pair.both('DEBUG', 'OBJECT', 'dbg:small');
    expect(normalise(a)).toBe(normalise(b));
    expect(a).toContain('encoding:raw');
  });

  it('answers TIME with seconds and microseconds', async () => {
    await pair.expectSame([['TIME', 'x']]);
    const [a, b] = await pair.both('TIME');
    const [secA, usecA] = decodeReply(a) as string[];
    const [secB] = decodeReply(b) as string[];
    expect(Math.abs(Number(secA) - Number(secB))).toBeLessThanOrEqual(2);
    expect(a).toMatch(/^\*2\r\n\$10\r\n\d{10}\r\n\$\d\r\n\d{1,6}\r\n$/);
    expect(Number(usecA)).toBeLessThan(1e6);
  });

  it('refuses malformed SHUTDOWN and ABORT without a shutdown in progress', async () => {
    await pair.expectSame([
      ['SHUTDOWN', 'x'],
      ['SHUTDOWN', 'ABORT'],
      ['SHUTDOWN', 'NOSAVE', 'SAVE'],
      ['SHUTDOWN', 'NOW', 'ABORT'],
      ['SHUTDOWN', 'abort', 'force'],
      ['MULTI'],
      ['SHUTDOWN', 'NOSAVE'],
      ['TIME'],
      ['EXEC'],
      ['MULTI'],
      ['INFO', 'cluster'],
      ['COMMAND', 'COUNT', 'x'],
      ['CONFIG', 'GET', 'hz'],
      ['EXEC'],
    ]);
  });

  it('SHUTDOWN NOSAVE closes the connection without a reply and ends the process', async () => {
    const doomed = await startPair();
    try {
      for (const client of [doomed.ours, doomed.theirs]) client.write('*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n');
      await Promise.all([doomed.ours.waitClosed(), doomed.theirs.waitClosed()]);
      expect([doomed.ours.pending(), doomed.theirs.pending()]).toEqual(['', '']);
    } finally {
      await doomed.stop();
    }
  });

  it('refuses DEBUG unless enable-debug-command allows it', async () => {
    const strict = await startPair();
    try {
      await strict.expectSame([
        ['CONFIG', 'RESETSTAT'],
        ['DEBUG', 'SLEEP', '0'],
        ['DEBUG', 'HELP'],
        ['DEBUG'],
        ['DEBUG', 'NOSUCH'],
        ['CONFIG', 'GET', 'enable-debug-command'],
        ['CONFIG', 'SET', 'enable-debug-command', 'yes'],
        ['INFO', 'errorstats'],
      ]);
      // A refusal is a rejected call, as for any command the dispatcher turns away.
      const [a, b] = await strict.both('INFO', 'commandstats');
      const debugLine = (raw: string) => infoLines(raw).find((l) => l.startsWith('cmdstat_debug:'))!.replace(/usec=\d+/, 'usec=U');
      expect(debugLine(a)).toBe(debugLine(b));
    } finally {
      await strict.stop();
    }
  });
});

/** Sections of an INFO reply: [header, field names][] in order. */
function infoShape(raw: string): Array<[string, string[]]> {
  const text = decodeReply(raw) as string;
  const out: Array<[string, string[]]> = [];
  for (const line of text.split('\r\n')) {
    if (line.startsWith('# ')) out.push([line.slice(2), []]);
    else if (line.includes(':')) out[out.length - 1][1].push(line.slice(0, line.indexOf(':')));
  }
  return out;
}

/**
 * Redis 7.0 fields respkv leaves out because it has no such mechanism to report on (allocator
 * internals, I/O thread and replication buffers, latency histograms); everything else must be there.
 */
const NOT_REPORTED = new Set([
  'clients_in_timeout_table',
  'reply_buffer_shrinks',
  'reply_buffer_expands',
  'repl_backlog_size',
]);

describe('INFO, as redis-server 7.0', () => {
  it('has the same sections in the same order, with Redis field names', async () => {
    for (const args of [[], ['default'], ['all'], ['everything'], ['server', 'keyspace'], ['CPU', 'nosuch', 'Stats']]) {
      const [a, b] = await pair.both('INFO', ...args);
      const ours = infoShape(a);
      const theirs = infoShape(b);
      expect(
        ours.map(([h]) => h),
        args.join(' '),
      ).toEqual(theirs.map(([h]) => h));
      const missing: string[] = [];
      for (const [header, fields] of theirs) {
        const mine = ours.find(([h]) => h === header)![1];
        // Memory fields come from the accountant, tested with it; count and stats lines vary by run.
        if (['Memory', 'Commandstats', 'Errorstats', 'Latencystats', 'Keyspace'].includes(header)) continue;
        for (const f of fields) if (!mine.includes(f) && !NOT_REPORTED.has(f)) missing.push(`${header}.${f}`);
      }
      expect(missing, args.join(' ')).toEqual([]);
    }
  });

  it('answers unknown sections, keyspace, errorstats and commandstats identically', async () => {
    await pair.expectSame([['INFO', 'nosuch'], ['FLUSHALL'], ['INFO', 'keyspace'], ['SET', 'a', '1'], ['SET', 'b', '2'], ['SELECT', '3'], ['SET', 'c', '3'], ['SELECT', '0']]);
    const keyspace = async () => (await pair.both('INFO', 'keyspace')).map((r) => (decodeReply(r) as string).replace(/avg_ttl=\d+/g, 'avg_ttl=T'));
    let [a, b] = await keyspace();
    expect(a).toBe(b);
    await pair.both('PEXPIRE', 'a', '100000');
    [a, b] = await keyspace();
    expect(a).toBe(b);
    await pair.expectSame([['CONFIG', 'RESETSTAT'], ['NOSUCH'], ['GET'], ['SET', 'a'], ['INCR', 'a'], ['INFO', 'errorstats']]);
    await pair.expectSame([['CONFIG', 'RESETSTAT'], ['SET', 'x', 'y'], ['GET', 'x'], ['GET'], ['INCR', 'x']]);
    const stats = async () => (await pair.both('INFO', 'commandstats')).map((r) => infoLines(r).map((l) => l.replace(/usec=\d+,usec_per_call=[\d.]+/, 'usec')).sort());
    const [sa, sb] = await stats();
    expect(sa).toEqual(sb);
    // The same commands have latency histograms, with the configured percentiles.
    await pair.expectSame([['CONFIG', 'RESETSTAT'], ['SET', 'x', 'y'], ['GET', 'x'], ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '50 99.9 0']]);
    const latency = async () =>
      (await pair.both('INFO', 'latencystats')).map((r) => infoLines(r).map((l) => l.replace(/=\d+\.\d{3}/g, '=T')).sort());
    const [la, lb] = await latency();
    expect(la).toEqual(lb);
    expect(la).toContain('latency_percentiles_usec_get:p50=T,p99.9=T,p0=T');
    await pair.expectSame([
      ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '101'],
      ['CONFIG', 'SET', 'latency-tracking-info-percentiles', 'x'],
      ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '1e1 50.50'],
      ['CONFIG', 'GET', 'latency-tracking-info-percentiles'],
      ['CONFIG', 'SET', 'latency-tracking', 'no'],
      ['INFO', 'latencystats'],
      ['CONFIG', 'SET', 'latency-tracking', 'yes', 'latency-tracking-info-percentiles', '50 99 99.9'],
    ]);
  });

  it('reports the same values where the state is the same', async () => {
    const fields = [
      'redis_version',
      'redis_mode',
      'arch_bits',
      'process_supervised',
      'hz',
      'configured_hz',
      'io_threads_active',
      'connected_clients',
      'cluster_connections',
      'maxclients',
      'blocked_clients',
      'tracking_clients',
      'loading',
      'async_loading',
      'rdb_bgsave_in_progress',
      'rdb_last_bgsave_status',
      'rdb_saves',
      'aof_enabled',
      'aof_last_write_status',
      'pubsub_channels',
      'pubsub_patterns',
      'role',
      'connected_slaves',
      'master_failover_state',
      'master_repl_offset',
      'second_repl_offset',
      'repl_backlog_active',
      'cluster_enabled',
      'evicted_keys',
    ];
    const values = async () =>
      (await pair.both('INFO', 'everything')).map((raw) => {
        const map = new Map((decodeReply(raw) as string).split('\r\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)] as const));
        return fields.map((f) => `${f}:${map.get(f)}`);
      });
    const [ours, theirs] = await values();
    expect(ours).toEqual(theirs);
    // The server's own identity is its own.
    const [a] = await pair.both('INFO', 'server');
    const text = decodeReply(a) as string;
    expect(text).toContain(`\r\nprocess_id:${pair.respkv.pid}\r\n`);
    expect(text).toContain(`\r\ntcp_port:${pair.respkv.port}\r\n`);
  });

  it('sends INFO as a verbatim string in RESP3', async () => {
    await pair.both('HELLO', '3');
    const [a, b] = await pair.both('INFO', 'cluster');
    expect(a).toBe(b);
    expect(a.startsWith('=')).toBe(true);
    await pair.both('HELLO', '2');
  });
});

function infoLines(raw: string): string[] {
  return (decodeReply(raw) as string).split('\r\n').filter((l) => l !== '' && !l.startsWith('#'));
}
