/**
 * Differential tests of the CLIENT family, MONITOR's refusals, SLOWLOG and LATENCY: argument errors,
 * the replies that do not depend on the connection (ids, addresses and ages do), and CLIENT REPLY.
 */
import { describe, expect, it } from 'vitest';
import { usePair } from '../helpers/differential';
import { encodeCommand, RawClient } from '../helpers/raw';
import { decodeReply, Decoded } from '../helpers/resp';

const pair = usePair({ respkvArgs: ['--enable-debug-command', 'yes'], redisArgs: ['--enable-debug-command', 'yes'] });

describe('CLIENT, as redis-server', () => {
  it('answers argument errors identically', async () => {
    await pair.expectSame([
      ['CLIENT'],
      ['CLIENT', 'NOPE'],
      ['CLIENT', 'MAINT_NOTIFICATIONS', 'ON', 'moving-endpoint-type', 'none'],
      ['CLIENT', 'ID', 'x'],
      ['CLIENT', 'SETNAME'],
      ['CLIENT', 'SETNAME', 'a b'],
      ['CLIENT', 'SETNAME', 'a\nb'],
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', 'worker-1'],
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', ''],
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'KILL'],
      ['CLIENT', 'KILL', '1.2.3.4:5'],
      ['CLIENT', 'KILL', 'ID', 'abc'],
      ['CLIENT', 'KILL', 'ID', '0'],
      ['CLIENT', 'KILL', 'ID', '999999'],
      ['CLIENT', 'KILL', 'ID', '999999', 'SKIPME'],
      ['CLIENT', 'KILL', 'FOO', 'bar'],
      ['CLIENT', 'KILL', 'TYPE', 'foo'],
      ['CLIENT', 'KILL', 'TYPE', 'master'],
      ['CLIENT', 'KILL', 'TYPE', 'replica'],
      ['CLIENT', 'KILL', 'TYPE', 'pubsub'],
      ['CLIENT', 'KILL', 'SKIPME', 'maybe'],
      ['CLIENT', 'KILL', 'USER', 'nobody'],
      ['CLIENT', 'KILL', 'ADDR', '1.2.3.4:5', 'LADDR', '1.2.3.4:6'],
      ['CLIENT', 'LIST', 'TYPE', 'foo'],
      ['CLIENT', 'LIST', 'TYPE', 'constructor'],
      ['CLIENT', 'KILL', 'TYPE', '__proto__'],
      ['CLIENT', 'LIST', 'TYPE', 'pubsub'],
      ['CLIENT', 'LIST', 'TYPE', 'master'],
      ['CLIENT', 'LIST', 'ID', 'abc'],
      ['CLIENT', 'LIST', 'ID', '999998', '999999'],
      ['CLIENT', 'LIST', 'FOO'],
      ['CLIENT', 'LIST', 'TYPE'],
      ['CLIENT', 'INFO', 'x'],
      ['CLIENT', 'NO-EVICT', 'maybe'],
      ['CLIENT', 'NO-EVICT', 'on'],
      ['CLIENT', 'NO-EVICT', 'OFF'],
      ['CLIENT', 'REPLY', 'maybe'],
      ['CLIENT', 'PAUSE'],
      ['CLIENT', 'PAUSE', 'abc'],
      ['CLIENT', 'PAUSE', '-1'],
      ['CLIENT', 'PAUSE', '10', 'foo'],
      ['CLIENT', 'PAUSE', 'abc', 'foo'],
      ['CLIENT', 'PAUSE', '0', 'WRITE', 'x'],
      ['CLIENT', 'UNPAUSE', 'x'],
      ['CLIENT', 'UNPAUSE'],
      ['CLIENT', 'UNBLOCK'],
      ['CLIENT', 'UNBLOCK', 'abc'],
      ['CLIENT', 'UNBLOCK', '1', 'foo'],
      ['CLIENT', 'UNBLOCK', '999999'],
      ['CLIENT', 'UNBLOCK', '999999', 'ERROR'],
      ['CLIENT', 'UNBLOCK', '1', 'ERROR', 'x'],
      ['CLIENT', 'TRACKINGX'],
    ]);
  });

  it('suppresses replies with CLIENT REPLY OFF and SKIP', async () => {
    // OFF and SKIP answer nothing, so the next reply on each side is that of CLIENT REPLY ON.
    await pair.expectSame([['PING', 'before']]);
    pair.ours.write('*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$3\r\nOFF\r\n*2\r\n$4\r\nPING\r\n$1\r\na\r\n*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$2\r\nON\r\n');
    pair.theirs.write('*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$3\r\nOFF\r\n*2\r\n$4\r\nPING\r\n$1\r\na\r\n*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$2\r\nON\r\n');
    const [onOurs, onTheirs] = await Promise.all([pair.ours.read(), pair.theirs.read()]);
    expect(onOurs.toString()).toBe('+OK\r\n');
    expect(onTheirs.toString()).toBe('+OK\r\n');
    await pair.expectSame([['PING', 'after-off']]);
    pair.ours.write('*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$4\r\nSKIP\r\n*2\r\n$4\r\nPING\r\n$7\r\nskipped\r\n');
    pair.theirs.write('*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$4\r\nSKIP\r\n*2\r\n$4\r\nPING\r\n$7\r\nskipped\r\n');
    await pair.expectSame([['PING', 'after-skip'], ['NOSUCH']]);
  });

  it('answers MONITOR, SLOWLOG and LATENCY errors identically', async () => {
    await pair.expectSame([
      ['MONITOR', 'x'],
      ['MULTI'],
      ['MONITOR'],
      ['EXEC'],
      ['SLOWLOG'],
      ['SLOWLOG', 'NOPE'],
      ['SLOWLOG', 'GET', 'abc'],
      ['SLOWLOG', 'GET', '-2'],
      ['SLOWLOG', 'LEN', 'x'],
      ['SLOWLOG', 'RESET'],
      ['SLOWLOG', 'LEN'],
      ['SLOWLOG', 'GET', '0'],
      ['SLOWLOG', 'HELP'],
      ['LATENCY'],
      ['LATENCY', 'NOPE'],
      ['LATENCY', 'LATEST'],
      ['LATENCY', 'HISTORY'],
      ['LATENCY', 'HISTORY', 'command'],
      ['LATENCY', 'RESET'],
      ['LATENCY', 'RESET', 'command', 'expire-cycle'],
      ['LATENCY', 'HELP'],
      ['LATENCY', 'DOCTOR', 'x'],
      ['LATENCY', 'GRAPH'],
      ['LATENCY', 'GRAPH', 'nosuch'],
    ]);
  });
});

describe('MONITOR, as redis-server', () => {
  /** MONITOR lines up to a marker, without the timestamp and the client's port. */
  async function monitorLines(monitor: RawClient): Promise<string[]> {
    const lines: string[] = [];
    for (let i = 0; i < 200; i++) {
      const line = (await monitor.read()).toString('latin1').replace(/^\+\d+\.\d{6} \[(\d+) 127\.0\.0\.1:\d+\]/, '[$1]');
      if (line.includes('end-marker')) return lines;
      lines.push(line);
    }
    throw new Error('no end marker');
  }

  it('shows the same commands with the same quoting, hiding admin commands and secrets', async () => {
    const [monOurs, monTheirs] = await Promise.all([RawClient.connect(pair.respkv.port), RawClient.connect(pair.redis.port)]);
    await Promise.all([monOurs.call('MONITOR'), monTheirs.call('MONITOR')]);
    const script = [
      ['SELECT', '2'],
      ['SET', 'k', 'a "quoted"\\ value\r\n\x00\xff'],
      ['GET'],
      ['NOSUCH', 'x'],
      ['CONFIG', 'GET', 'port'],
      ['CLIENT', 'SETNAME', 'watched'],
      ['CLIENT', 'LIST'],
      ['AUTH', 'wrong'],
      ['AUTH', 'user', 'wrong'],
      ['HELLO', '2', 'AUTH', 'default', 'wrong'],
      ['MULTI'],
      ['INCR', 'n'],
      ['GET', 'k'],
      ['EXEC'],
      ['SLOWLOG', 'LEN'],
      ['PUBLISH', 'ch', 'msg'],
      ['PING'],
      ['SELECT', '0'],
      ['ECHO', 'end-marker'],
    ];
    for (const cmd of script) await pair.both(...cmd);
    const [ours, theirs] = await Promise.all([monitorLines(monOurs), monitorLines(monTheirs)]);
    expect(theirs.length).toBeGreaterThan(10);
    expect(ours).toEqual(theirs);
    monOurs.close();
    monTheirs.close();
  });
});

describe('SLOWLOG, as redis-server', () => {
  it('logs the same commands with the same arguments at threshold 0', async () => {
    await pair.expectSame([['CONFIG', 'SET', 'slowlog-log-slower-than', '0'], ['SLOWLOG', 'RESET']]);
    const script = [
      ['SET', 'k', 'v'.repeat(300)],
      ['GET'],
      ['NOSUCH'],
      ['AUTH', 'wrong'],
      ['HELLO', '2', 'AUTH', 'default', 'wrong'],
      ['MULTI'],
      ['INCR', 'n'],
      ['EXEC'],
      ['DEL', ...Array.from({ length: 40 }, (_, i) => `key${i}`)],
      ['CLIENT', 'SETNAME', 'slow'],
      ['PING'],
    ];
    for (const cmd of script) await pair.both(...cmd);
    // A command that blocks is logged when it is answered, so after the push that serves it.
    const blockers = await Promise.all([RawClient.connect(pair.respkv.port), RawClient.connect(pair.redis.port)]);
    for (const b of blockers) b.write(encodeCommand(['BLPOP', 'slowq', '0']));
    for (let i = 0; i < 200 && (await pair.both('CLIENT', 'LIST', 'TYPE', 'normal')).some((l) => !/flags=b/.test(l)); i++);
    await pair.both('RPUSH', 'slowq', 'x');
    await Promise.all(blockers.map((b) => b.read()));
    for (const b of blockers) b.close();
    const [ours, theirs] = await pair.both('SLOWLOG', 'GET', '-1');
    await pair.expectSame([['CONFIG', 'SET', 'slowlog-log-slower-than', '10000']]);
    /** Each entry's arguments and client name; ids, times, durations and ports differ by nature. */
    const shape = (raw: string): Decoded[] => (decodeReply(raw) as Decoded[][]).map((e) => [e[3], e[5]]);
    expect(shape(theirs).length).toBeGreaterThan(8);
    expect(shape(ours)).toEqual(shape(theirs));
  });
});

describe('LATENCY HISTOGRAM, as redis-server', () => {
  it('answers the same shape: commands, call counts, and cumulative counts ending at the calls', async () => {
    await pair.expectSame([['CONFIG', 'RESETSTAT'], ['LATENCY', 'HISTOGRAM', 'nosuch'], ['LATENCY', 'HISTOGRAM', 'a|b|c']]);
    for (let i = 0; i < 5; i++) await pair.both('SET', `h${i}`, 'v');
    await pair.both('CONFIG', 'GET', 'maxmemory');
    await pair.expectSame([{ cmd: ['LATENCY', 'HISTOGRAM', 'set', 'config', 'nosuch', 'CONFIG|get'], typeOnly: true }]);
    const [ours, theirs] = await pair.both('LATENCY', 'HISTOGRAM', 'SET', 'config', 'nosuch', 'config|GET');
    /** Command names, call counts and the last cumulative count; bucket bounds depend on timing. */
    const shape = (raw: string): Decoded[] => {
      // RESP2 maps arrive flat: name, [calls, n, histogram_usec, [usec, cumulative, ...]], ...
      const flat = decodeReply(raw) as Decoded[];
      const out: Decoded[] = [];
      for (let i = 0; i < flat.length; i += 2) {
        const cdf = flat[i + 1] as Decoded[];
        const buckets = cdf[3] as number[];
        out.push([flat[i], cdf[0], cdf[1], cdf[2], buckets[buckets.length - 1]]);
      }
      return out;
    };
    // Subcommands come in Redis's dict order, which is unspecified: compare as sorted lists.
    const sorted = (raw: string): string[] => shape(raw).map((e) => JSON.stringify(e)).sort();
    expect(sorted(ours)).toEqual(sorted(theirs));
    expect(sorted(theirs)).toEqual(
      [
        ['set', 'calls', 5, 'histogram_usec', 5],
        ['config|get', 'calls', 1, 'histogram_usec', 1],
        ['config|resetstat', 'calls', 1, 'histogram_usec', 1],
        ['config|get', 'calls', 1, 'histogram_usec', 1],
      ]
        .map((e) => JSON.stringify(e))
        .sort(),
    );
  });
});

describe('CLIENT LIST fields, as redis-server', () => {
  it('reports the same state fields and last command through a client\'s life', async () => {
    const [watchedOurs, watchedTheirs] = await Promise.all([RawClient.connect(pair.respkv.port), RawClient.connect(pair.redis.port)]);
    /** The fields that do not depend on timing, ports or buffer sizes. */
    const STATE = ['name', 'flags', 'db', 'sub', 'psub', 'ssub', 'multi', 'cmd', 'user', 'resp'];
    const fields = async (): Promise<[string, string]> => {
      const [a, b] = await pair.both('CLIENT', 'LIST');
      const pick = (raw: string): string => {
        const line = raw.split('\n').find((l) => l.includes(' name=watched ')) ?? '';
        const kv = new Map(line.split(' ').map((f) => [f.slice(0, f.indexOf('=')), f.slice(f.indexOf('=') + 1)]));
        return STATE.map((k) => `${k}=${kv.get(k)}`).join(' ');
      };
      return [pick(a), pick(b)];
    };
    const both = (...args: string[]): Promise<[string, string]> => Promise.all([watchedOurs.call(...args), watchedTheirs.call(...args)]);
    await both('CLIENT', 'SETNAME', 'watched');
    const steps = [
      ['GET'],
      ['NOSUCH'],
      ['CONFIG', 'NOPE'],
      ['CONFIG'],
      ['SELECT', '4'],
      ['WATCH', 'w'],
      ['MULTI'],
      ['SET', 'a', 'b'],
      ['EXEC'],
      ['SUBSCRIBE', 'c1', 'c2'],
      ['PSUBSCRIBE', 'p*'],
      ['SSUBSCRIBE', 's1'],
      ['RESET'],
      ['CLIENT', 'NO-EVICT', 'on'],
      ['HELLO', '3'],
    ];
    for (const step of steps) {
      const replies = step[0] === 'SUBSCRIBE' ? 2 : 1;
      await both(...step);
      for (let i = 1; i < replies; i++) await Promise.all([watchedOurs.read(), watchedTheirs.read()]);
      const [ours, theirs] = await fields();
      expect(ours, step.join(' ')).toBe(theirs);
      if (step[0] === 'NOSUCH') expect(theirs).toContain('cmd=NULL');
    }
    watchedOurs.close();
    watchedTheirs.close();
  });
});

describe('LATENCY GRAPH, as redis-server', () => {
  it('draws the same graph for the same sample, up to the measured milliseconds and seconds', async () => {
    await pair.expectSame([
      ['LATENCY', 'RESET'],
      ['LATENCY', 'GRAPH', 'command'],
      ['LATENCY', 'GRAPH'],
      ['CONFIG', 'SET', 'latency-monitor-threshold', '1'],
      ['DEBUG', 'SLEEP', '0.03'],
      ['CONFIG', 'SET', 'latency-monitor-threshold', '0'],
    ]);
    const [ours, theirs] = await pair.both('LATENCY', 'GRAPH', 'command');
    // DEBUG SLEEP 0.03 lasts 30 ms or a little more, and the sample is 0 or 1 seconds old.
    const digitless = (raw: string): string => raw.replace(/[0-9]/g, 'N');
    expect(theirs).toContain('command - high ');
    expect(digitless(ours)).toBe(digitless(theirs));
    await pair.expectSame([['LATENCY', 'RESET']]);
  });
});

describe('LATENCY DOCTOR, as redis-server', () => {
  it('writes the same report when disabled, when quiet and after a command spike', async () => {
    await pair.expectSame([['LATENCY', 'RESET'], ['LATENCY', 'DOCTOR'], ['CONFIG', 'SET', 'latency-monitor-threshold', '1'], ['LATENCY', 'DOCTOR']]);
    await pair.both('DEBUG', 'SLEEP', '0.03');
    const digitless = (raw: string): string => raw.replace(/[0-9]/g, 'N');
    for (const slowlog of ['10000', '-1', '0']) {
      const [ours, theirs] = await (async () => {
        await pair.both('CONFIG', 'SET', 'slowlog-log-slower-than', slowlog);
        return pair.both('LATENCY', 'DOCTOR');
      })();
      // The measured milliseconds may differ by one; the words and the advice may not.
      expect(theirs).toContain('1. command: 1 latency spikes');
      expect(digitless(ours), `slowlog-log-slower-than ${slowlog}`).toBe(digitless(theirs));
    }
    await pair.expectSame([
      ['CONFIG', 'SET', 'slowlog-log-slower-than', '10000'],
      ['CONFIG', 'SET', 'latency-monitor-threshold', '0'],
      ['LATENCY', 'RESET'],
    ]);
  });
});

describe('RESP3 reply types, as redis-server', () => {
  it('answers CLIENT, SLOWLOG, LATENCY and PUBSUB with the same RESP3 types', async () => {
    await pair.expectSame([
      { cmd: ['HELLO', '3'], typeOnly: true },
      { cmd: ['CLIENT', 'INFO'], typeOnly: true },
      { cmd: ['CLIENT', 'LIST', 'ID', '999999'] },
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', 'r3'],
      ['CLIENT', 'GETNAME'],
      ['SLOWLOG', 'GET', '0'],
      ['LATENCY', 'LATEST'],
      ['LATENCY', 'HISTORY', 'nosuch'],
      ['LATENCY', 'HISTOGRAM', 'nosuch'],
      { cmd: ['LATENCY', 'DOCTOR'], typeOnly: true },
      ['PUBSUB', 'NUMSUB', 'a', 'b'],
      ['PUBSUB', 'CHANNELS', 'zz*'],
      ['PUBSUB', 'SHARDNUMSUB', 'a'],
      { cmd: ['HELLO', '2'], typeOnly: true },
    ]);
  });
});
