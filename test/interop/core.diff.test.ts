/**
 * Differential tests of the core commands: respkv and redis-server get the same commands and must
 * answer the same bytes.
 */
import { describe, it } from 'vitest';
import { usePair } from '../helpers/differential';

const pair = usePair();

describe('connection and dispatcher errors, as redis-server', () => {
  it('answers PING, ECHO and unknown commands identically', async () => {
    await pair.expectSame([
      ['PING'],
      ['PING', 'hello'],
      ['PING', 'a', 'b'],
      ['ECHO', 'x\r\ny'],
      ['ECHO'],
      ['NOSUCHCOMMAND'],
      ['nosuch', 'a', 'b', 'c'],
      ['nosuch', 'x'.repeat(300), 'y'],
      ['nosuch', 'a\r\nb'],
      ['SELECT', '15'],
      ['SELECT', '16'],
      ['SELECT', 'abc'],
      ['SELECT', '-1'],
      ['SELECT', '0'],
    ]);
  });

  it('answers CONFIG errors identically', async () => {
    await pair.expectSame([
      ['CONFIG'],
      ['CONFIG', 'NOPE'],
      ['CONFIG', 'GET'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'GET', 'maxmemory-policy'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'bogus'],
      ['CONFIG', 'SET', 'maxmemory', '10xb'],
      ['CONFIG', 'SET', 'maxmemory', '-1'],
      ['CONFIG', 'SET', 'maxmemory-samples', '0'],
      ['CONFIG', 'SET', 'maxmemory-samples', 'x'],
      ['CONFIG', 'SET', 'nosuch', '1'],
      ['CONFIG', 'SET', 'maxmemory'],
      ['CONFIG', 'SET', 'maxmemory', '1mb', 'maxmemory', '2mb'],
      ['CONFIG', 'SET', 'databases', '4'],
      ['CONFIG', 'SET', 'protected-mode', 'maybe'],
      ['CONFIG', 'SET', 'maxmemory', '100MB', 'maxmemory-policy', 'allkeys-LRU'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'GET', 'maxmemory-policy'],
      ['CONFIG', 'SET', 'maxmemory', '0', 'maxmemory-policy', 'noeviction'],
      { cmd: ['CONFIG', 'GET', 'maxmemory-*'], unordered: true },
    ]);
  });

  it('answers SET and GET with options identically', async () => {
    await pair.expectSame([
      ['SET', 'k', 'v'],
      ['GET', 'k'],
      ['SET', 'k', 'v2', 'NX'],
      ['SET', 'k', 'v2', 'XX', 'GET'],
      ['SET', 'k', 'v', 'EX', '0'],
      ['SET', 'k', 'v', 'EX', 'abc'],
      ['SET', 'k', 'v', 'EX', '10', 'PX', '100'],
      ['SET', 'k', 'v', 'NX', 'XX'],
      ['SET', 'k', 'v', 'KEEPTTL', 'EX', '100'],
      ['SET', 'k', 'v', 'FOO'],
      ['GET', 'nokey'],
      ['SET', 'new', 'v', 'XX'],
      ['SET', 'new', 'v', 'NX', 'GET'],
      ['GET'],
      ['DEL', 'k', 'new', 'zz'],
      ['DBSIZE'],
    ]);
  });
});
