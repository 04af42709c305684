/**
 * redis.conf reading as redis-server does it: quoting, comments, include, command-line options
 * appended after the file, fatal errors naming the line, inert and Redis-only directives reported,
 * and CONFIG REWRITE keeping the lines it does not own.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Config } from '../../../src/config/config';
import { applyDirectives, commandLineToText, ConfigFileError, readDirectives, rewriteConfigFile } from '../../../src/config/file';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'respkv-config-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

function load(text: string, file = path.join(dir, 'inline.conf')): { config: Config; ignored: string[] } {
  const config = new Config();
  const ignored = applyDirectives(config, readDirectives(text, file));
  return { config, ignored };
}

function fatal(text: string): string {
  try {
    load(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigFileError);
    return (e as Error).message;
  }
  throw new Error('expected a fatal config error');
}

describe('redis.conf syntax', () => {
  it('reads directives, comments, blank lines, CRLF and quoted arguments', () => {
    const { config } = load('# comment\n\n   port 7000\r\nMAXMEMORY 10mb\nbind "127.0.0.1" \'::1\'\nrequirepass "a b\\x41\\n"\nlogfile ""\n');
    expect(config.get('port')).toBe(7000);
    expect(config.get('maxmemory')).toBe(10 * 1024 * 1024);
    expect(config.get('bind')).toBe('127.0.0.1 ::1');
    expect(config.get('requirepass')).toBe('a bA\n');
    expect(config.get('logfile')).toBe('');
  });

  it('lets later lines override earlier ones', () => {
    expect(load('hz 20\nhz 30\n').config.get('hz')).toBe(30);
  });

  it('follows include, nested, with paths as redis-server opens them', () => {
    const inner = write('inner.conf', 'maxmemory-policy allkeys-lru\n');
    const middle = write('middle.conf', `include ${inner}\nhz 50\n`);
    const main = write('main.conf', `port 7001\ninclude ${middle}\nhz 60\n`);
    const { config } = load(fs.readFileSync(main, 'latin1'), main);
    expect(config.get('maxmemory-policy')).toBe('allkeys-lru');
    expect(config.get('hz')).toBe(60);
    expect(config.get('port')).toBe(7001);
  });

  it('expands a glob in sorted order, matching nothing without complaint', () => {
    fs.mkdirSync(path.join(dir, 'conf.d'));
    write('conf.d/b.conf', 'hz 44\n');
    write('conf.d/a.conf', 'hz 33\ntimeout 5\n');
    write('conf.d/a.txt', 'hz 99\n');
    const { config } = load(`include ${dir}/conf.d/*.conf\ninclude ${dir}/conf.d/none*.conf\n`);
    expect(config.get('hz')).toBe(44);
    expect(config.get('timeout')).toBe(5);
  });

  it('stops on a missing include or an include loop', () => {
    expect(() => load('include /nonexistent/respkv.conf')).toThrow("Fatal error, can't open config file '/nonexistent/respkv.conf': No such file or directory");
    const loop = path.join(dir, 'loop.conf');
    write('loop.conf', `include ${loop}\n`);
    expect(() => load(fs.readFileSync(loop, 'latin1'), loop)).toThrow(/Too many nested includes/);
  });
});

describe('fatal errors, worded as redis-server', () => {
  it('names the line and the reason', () => {
    expect(fatal('port 7000\nfoo bar\n')).toBe(
      "\n*** FATAL CONFIG FILE ERROR (respkv 7.0.15) ***\nReading the configuration file, at line 2\n>>> 'foo bar'\nBad directive or wrong number of arguments",
    );
    expect(fatal('maxmemory 10xb')).toMatch(/at line 1\n>>> 'maxmemory 10xb'\nargument must be a memory value$/);
    expect(fatal('port 0\nhz x')).toMatch(/at line 2\n>>> 'hz x'\nargument couldn't be parsed into an integer$/);
    expect(fatal('maxmemory-policy bogus')).toMatch(/argument\(s\) must be one of the following: volatile-lru, .*, noeviction$/);
    expect(fatal('bind "127.0.0.1')).toMatch(/>>> 'bind "127.0.0.1'\nUnbalanced quotes in configuration line$/);
    expect(fatal('port 1 2')).toMatch(/Bad directive or wrong number of arguments$/);
    expect(fatal('port 70000')).toMatch(/argument must be between 0 and 65535 inclusive$/);
  });
});

describe('directives respkv does not act on', () => {
  it('accepts Redis 7.0 directives it does not implement and reports them once', () => {
    const { ignored } = load('repl-backlog-size 1mb\nrdbcompression yes\nrepl-backlog-size 2mb\n');
    expect(ignored).toEqual(['repl-backlog-size', 'rdbcompression']);
  });

  it('reports inert settings only when they ask for something respkv does not do', () => {
    expect(load('save ""\nappendonly no\n').ignored).toEqual([]);
    expect(load('save 900 1\nappendonly yes\n').ignored).toEqual(['save', 'appendonly']);
    expect(load('daemonize yes\nappendonly yes\ndaemonize no\n').ignored).toEqual(['appendonly']);
  });
});

describe('command-line options', () => {
  it('become quoted lines after the file, as redis-server builds them', () => {
    expect(commandLineToText(['--port', '7000', '--save', '', '--bind', '127.0.0.1', '::1', '--maxmemory', 'a"b'])).toBe(
      'port "7000"\nsave ""\nbind "127.0.0.1" "::1"\nmaxmemory "a\\"b"',
    );
    const { config } = load('port 6380\nhz 20\n' + '\n' + commandLineToText(['--port', '7002', '--maxmemory', '1gb']));
    expect(config.get('port')).toBe(7002);
    expect(config.get('maxmemory')).toBe(1024 ** 3);
    expect(config.get('hz')).toBe(20);
  });

  it('number their lines after the file, so errors point where redis-server points', () => {
    expect(fatal('port 0\n' + '\n' + commandLineToText(['--hz', 'x']))).toMatch(/at line 3\n>>> 'hz "x"'\n/);
  });

  it('refuses an argument before any option', () => {
    expect(() => commandLineToText(['7000'])).toThrow(ConfigFileError);
  });
});

describe('CONFIG REWRITE', () => {
  it('replaces owned lines in place, keeps the rest, blanks duplicates and appends changes and dir', () => {
    const file = write(
      'rewrite.conf',
      ['# my settings', 'port 7000', 'include other.conf', '  # indented comment', 'hz 20', 'repl-backlog-size 1mb', 'HZ 30', 'maxmemory 100mb', ''].join('\n'),
    );
    const config = new Config();
    applyDirectives(config, readDirectives('port 7000\nhz 30\nmaxmemory 100mb\n', file));
    config.setMany(
      [
        ['hz', '15'],
        ['maxmemory', '2gb'],
        ['maxmemory-policy', 'allkeys-lfu'],
        ['requirepass', 'p w'],
      ],
      () => undefined,
    );
    rewriteConfigFile(file, config);
    expect(fs.readFileSync(file, 'latin1')).toBe(
      [
        '# my settings',
        'port 7000',
        'include other.conf',
        '  # indented comment',
        'hz 15',
        'repl-backlog-size 1mb',
        '',
        'maxmemory 2gb',
        '# Generated by CONFIG REWRITE',
        'requirepass "p w"',
        `dir ${JSON.stringify(process.cwd())}`,
        'maxmemory-policy allkeys-lfu',
        '',
      ].join('\n'),
    );
    // The rewritten file reads back to the same values.
    const again = load(fs.readFileSync(file, 'latin1').replace('include other.conf\n', ''), file).config;
    for (const name of ['hz', 'maxmemory', 'maxmemory-policy', 'requirepass', 'port']) expect(again.get(name), name).toBe(config.get(name));
  });

  it('creates the file when it does not exist yet', () => {
    const file = path.join(dir, 'fresh.conf');
    const config = new Config();
    config.setMany([['maxmemory', '1000']], () => undefined);
    rewriteConfigFile(file, config);
    expect(fs.readFileSync(file, 'latin1')).toBe(`# Generated by CONFIG REWRITE\ndir ${JSON.stringify(process.cwd())}\nmaxmemory 1000\n`);
  });
});
