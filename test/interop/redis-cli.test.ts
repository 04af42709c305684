/**
 * redis-cli against respkv and against redis-server, with the same arguments and data: one-shot
 * commands (plain, --raw, -n, RESP3 with -3, errors), `--pipe` with 100,000 commands, `--scan`,
 * `--bigkeys`, `--memkeys`, `--hotkeys`, a short redis-benchmark run, and an interactive session driven through tmux (when installed) whose screen must
 * read the same as against redis-server.
 */
import { execFile, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { usePair } from '../helpers/differential';

const pair = usePair();

interface CliResult {
  code: number;
  out: string;
}

/** Runs redis-cli against a port, with optional stdin; bounded in time. */
function cli(port: number, args: string[], input?: string | Buffer): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = execFile('redis-cli', ['-p', String(port), ...args], { timeout: 60000, maxBuffer: 64 * 1024 * 1024, encoding: 'latin1' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: typeof error?.code === 'number' ? error.code : 0, out: stdout + stderr });
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

/** The same redis-cli invocation against both servers. */
async function both(args: string[], input?: string | Buffer): Promise<[CliResult, CliResult]> {
  return Promise.all([cli(pair.respkv.port, args, input), cli(pair.redis.port, args, input)]);
}

describe('redis-cli one-shot commands', () => {
  it('prints the same output and exit code as against redis-server', async () => {
    const runs: string[][] = [
      ['FLUSHALL'],
      ['SET', 'greeting', 'hello world'],
      ['GET', 'greeting'],
      ['--raw', 'GET', 'greeting'],
      ['GET', 'missing'],
      ['SET', 'bin', 'a\tb\x01\nc'],
      ['GET', 'bin'],
      ['--raw', 'GET', 'bin'],
      ['INCR', 'counter'],
      ['INCRBYFLOAT', 'counter', '0.5'],
      ['INCR', 'greeting'],
      ['-n', '3', 'SET', 'in3', 'x'],
      ['-n', '3', 'DBSIZE'],
      ['DBSIZE'],
      ['MGET', 'greeting', 'missing', 'counter'],
      ['NOSUCH', 'x'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['-3', 'CONFIG', 'GET', 'maxmemory'],
      ['-3', 'GET', 'missing'],
      ['-3', 'INCRBYFLOAT', 'counter', '1'],
      ['-3', 'INFO', 'cluster'],
      ['INFO', 'keyspace'],
      ['PING'],
      ['-r', '3', 'INCR', 'repeated'],
      ['EXPIRE', 'greeting', '100'],
      ['TTL', 'greeting'],
      ['COMMAND', 'GETKEYS', 'MSET', 'a', '1', 'b', '2'],
    ];
    for (const args of runs) {
      const [ours, theirs] = await both(args);
      expect(ours, args.join(' ')).toEqual(theirs);
    }
  });

  it('reads arguments from stdin with -x', async () => {
    const [ours, theirs] = await both(['-x', 'SET', 'fromstdin'], 'line one\nline two\n');
    expect(ours).toEqual(theirs);
    const [a, b] = await both(['GET', 'fromstdin']);
    expect(a).toEqual(b);
  });
});

describe('redis-cli --pipe', () => {
  it('sends 100,000 commands and reads every reply', async () => {
    const parts: string[] = [];
    for (let i = 0; i < 100000; i++) {
      const key = `pipe:${i}`;
      const value = String(i * 7);
      parts.push(`*3\r\n$3\r\nSET\r\n$${key.length}\r\n${key}\r\n$${value.length}\r\n${value}\r\n`);
    }
    const input = Buffer.from(parts.join(''), 'latin1');
    const [ours, theirs] = await both(['--pipe'], input);
    expect(ours.code).toBe(0);
    expect(ours.out).toContain('errors: 0, replies: 100000');
    expect(ours.out.replace(/\r/g, '')).toBe(theirs.out.replace(/\r/g, ''));
    const [a, b] = await both(['GET', 'pipe:99999']);
    expect(a.out).toBe('699993\n');
    expect(a).toEqual(b);
  }, 60000);

  it('counts errors in the pipe', async () => {
    const input = '*2\r\n$4\r\nINCR\r\n$9\r\ngreeting2\r\n*3\r\n$3\r\nSET\r\n$9\r\ngreeting2\r\n$1\r\nx\r\n*2\r\n$4\r\nINCR\r\n$9\r\ngreeting2\r\n';
    const [ours, theirs] = await both(['--pipe'], input);
    expect(ours.out).toContain('errors: 1, replies: 3');
    expect(ours.out.replace(/\r/g, '')).toBe(theirs.out.replace(/\r/g, ''));
  });
});

describe('redis-cli --scan and --bigkeys', () => {
  it('lists the same keys with --scan and --pattern', async () => {
    const sorted = (r: CliResult) => r.out.split('\n').filter((l) => l !== '').sort();
    const [ours, theirs] = await both(['--scan', '--pattern', 'pipe:1234*']);
    expect(sorted(ours)).toEqual(sorted(theirs));
    expect(sorted(ours)).toHaveLength(11);
    const [all, allTheirs] = await both(['--scan']);
    expect(sorted(all).length).toBeGreaterThan(100000);
    expect(sorted(all)).toEqual(sorted(allTheirs));
  }, 60000);

  it('prints the same --bigkeys summary', async () => {
    const data = [
      ['FLUSHALL'],
      ['SET', 'big:string', 'x'.repeat(300)],
      ['SET', 'small:string', 'y'],
      ['RPUSH', 'big:list', 'a', 'b', 'c', 'd'],
      ['HSET', 'big:hash', 'f1', 'v1', 'f2', 'v2'],
      ['SADD', 'big:set', 'm1', 'm2', 'm3'],
      ['ZADD', 'big:zset', '1', 'a', '2', 'b'],
    ];
    for (const cmd of data) await pair.both(...cmd);
    const [ours, theirs] = await both(['--bigkeys']);
    const summary = (r: CliResult) => r.out.slice(r.out.indexOf('-------- summary -------'));
    expect(ours.code).toBe(0);
    expect(summary(ours)).toContain("Biggest string found '\"big:string\"' has 300 bytes");
    expect(summary(ours)).toBe(summary(theirs));
  }, 30000);

  it('runs --memkeys and, under an LFU policy, --hotkeys', async () => {
    const memkeys = await cli(pair.respkv.port, ['--memkeys']);
    expect(memkeys.code).toBe(0);
    expect(memkeys.out).toContain('Sampled 6 keys in the keyspace!');
    expect(memkeys.out).toMatch(/Biggest string found '"big:string"' has \d+ bytes/);
    await pair.ours.call('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu');
    try {
      // Keys written under LFU carry a counter (LRU data takes time to adjust, as in Redis).
      await pair.ours.call('SET', 'hot:key', 'v');
      const hotkeys = await cli(pair.respkv.port, ['--hotkeys']);
      expect(hotkeys.code).toBe(0);
      expect(hotkeys.out).toMatch(/hot key found with counter: \d+\tkeyname: "hot:key"/);
    } finally {
      await pair.ours.call('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
    }
  }, 30000);
});

describe('redis-benchmark', () => {
  it('runs its start-up queries and a short benchmark without errors', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      execFile(
        'redis-benchmark',
        ['-p', String(pair.respkv.port), '-n', '2000', '-c', '4', '-t', 'set,get,incr,lpush,mset', '--csv'],
        { timeout: 60000, encoding: 'latin1' },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout + stderr)),
      );
    });
    const rows = out.split('\n').filter((l) => /^"(SET|GET|INCR|LPUSH|MSET \(10 keys\))",/.test(l));
    expect(rows).toHaveLength(5);
    expect(out).not.toMatch(/error/i);
  }, 60000);
});

const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/** An interactive redis-cli in a private tmux server; send() types a line, screen() reads the pane. */
class Terminal {
  private readonly socket = `respkv-cli-${process.pid}-${Math.floor(Math.random() * 1e9)}`;

  constructor(port: number) {
    // The tmux server outlives this call: it must not hold a pipe spawnSync would wait on.
    spawnSync('tmux', ['-L', this.socket, 'new-session', '-d', '-x', '160', '-y', '60', `redis-cli -p ${port}`], { stdio: 'ignore', timeout: 10000 });
  }

  private tmux(args: string[]): string {
    const r = spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', timeout: 10000 });
    return r.stdout;
  }

  /** The whole session, scrollback included. */
  screen(): string {
    return this.tmux(['capture-pane', '-p', '-S', '-']);
  }

  private prompts(): number {
    return (this.screen().match(/127\.0\.0\.1:\d+(\[\d+\])?>/g) ?? []).length;
  }

  /** Waits until at least n prompts are on screen. */
  async waitForPrompts(n: number, after: string): Promise<void> {
    const deadline = Date.now() + 10000;
    while (this.prompts() < n) {
      if (Date.now() > deadline) throw new Error(`no prompt after ${after}:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Types without Enter and waits until the hint redis-cli draws after the text has settled. */
  async type(text: string): Promise<void> {
    this.tmux(['send-keys', '-l', text]);
    const deadline = Date.now() + 2000;
    let last = '';
    for (let stable = 0; stable < 3 && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 50));
      const now = this.screen();
      stable = now === last && now.trimEnd().endsWith(']') ? stable + 1 : 0;
      last = now;
    }
  }

  /** Types a command and waits until the next prompt is drawn. */
  async send(line: string): Promise<void> {
    const before = this.prompts();
    this.tmux(['send-keys', '-l', line]);
    this.tmux(['send-keys', 'Enter']);
    await this.waitForPrompts(before + 1, line);
  }

  close(): void {
    this.tmux(['kill-server']);
  }
}

describe.skipIf(!hasTmux)('an interactive redis-cli session', () => {
  it('reads the same on screen as against redis-server', async () => {
    const session = [
      'FLUSHALL',
      'SET a 1',
      'GET a',
      'INCR a',
      'GET "a"',
      'SET "with space" "x y"',
      'GET "with space"',
      'HGETALL nokey',
      'NOSUCH x',
      'get',
      'CONFIG GET maxmemory',
      'SELECT 2',
      'SET b 2',
      'KEYS *',
      'SELECT 0',
      // HELP prints COMMAND DOCS.
      'HELP SET',
      'HELP TIME',
      'HELP CONFIG SET',
      'HELP SHUTDOWN',
      'HELLO 3',
      'CONFIG GET maxmemory',
      'GET nokey',
      'HELLO 2',
    ];
    const screens: string[] = [];
    for (const port of [pair.respkv.port, pair.redis.port]) {
      const term = new Terminal(port);
      try {
        await term.waitForPrompts(1, 'start-up');
        await term.send('PING');
        for (const line of session) {
          // HELLO's reply carries the connection id, which differs between the two servers.
          await term.send(line);
        }
        // redis-cli draws the argument hint from COMMAND DOCS as the command is typed.
        await term.type('CONFIG SET ');
        screens.push(term.screen().replaceAll(String(port), 'PORT').replace(/"id" => \(integer\) \d+/, '"id" => ID').replace(/"id"\n +8\) \(integer\) \d+/, '"id" ID').trimEnd());
      } finally {
        term.close();
      }
    }
    expect(screens[0]).toContain('PORT> GET a\n"1"');
    expect(screens[0]).toBe(screens[1]);
  }, 60000);
});

