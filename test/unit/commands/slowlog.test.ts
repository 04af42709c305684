/**
 * The slow log's entries: the threshold (negative disables, 0 logs everything), newest first, the
 * length limit, and Redis's trimming of long argument lists and long arguments.
 */
import { describe, expect, it } from 'vitest';
// The server module first: it loads the command families in the order the application does.
import '../../../src/server';
import { SlowLog } from '../../../src/commands/slowlog';
import type { Client } from '../../../src/net/client';

const client = { address: '127.0.0.1:5000', name: 'n' } as unknown as Client;

describe('SlowLog', () => {
  it('logs at or above the threshold, newest first, within maxLen', () => {
    const log = new SlowLog();
    log.slowerThan = 100;
    log.maxLen = 2;
    log.pushIfNeeded(client, ['GET', 'a'], 99.9);
    log.pushIfNeeded(client, ['GET', 'b'], 100);
    log.pushIfNeeded(client, ['GET', 'c'], 250.7);
    log.pushIfNeeded(client, ['GET', 'd'], 1000);
    expect(log.entries.map((e) => [e.id, e.argv[1], e.duration])).toEqual([
      [2, 'd', 1000],
      [1, 'c', 250],
    ]);
    log.slowerThan = -1;
    log.pushIfNeeded(client, ['GET', 'e'], 1e9);
    expect(log.entries).toHaveLength(2);
  });

  it('keeps 32 arguments of at most 128 bytes, saying how much was left out', () => {
    const log = new SlowLog();
    log.slowerThan = 0;
    log.pushIfNeeded(client, ['SET', 'k', 'v'.repeat(129)], 0);
    expect(log.entries[0].argv).toEqual(['SET', 'k', `${'v'.repeat(128)}... (1 more bytes)`]);
    const argv = ['DEL', ...Array.from({ length: 33 }, (_, i) => `k${i}`)];
    log.pushIfNeeded(client, argv, 0);
    expect(log.entries[0].argv).toHaveLength(32);
    expect(log.entries[0].argv[30]).toBe('k29');
    expect(log.entries[0].argv[31]).toBe('... (3 more arguments)');
    expect([log.entries[0].peer, log.entries[0].name]).toEqual(['127.0.0.1:5000', 'n']);
  });
});
