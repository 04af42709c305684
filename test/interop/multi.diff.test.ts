/**
 * Differential tests of MULTI, EXEC, DISCARD, WATCH and UNWATCH: queueing replies, errors while
 * queueing, EXECABORT, errors inside EXEC, WATCH invalidated by writes, flushes and SWAPDB, and the
 * same in RESP3. A second connection on each side plays the other client of a WATCH race.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { Pair, startPair } from '../helpers/differential';
import { encodeCommand, RawClient } from '../helpers/raw';

let pair: Pair;
let otherOurs: RawClient;
let otherTheirs: RawClient;

beforeAll(async () => {
  pair = await startPair(['--enable-debug-command', 'yes'], ['--enable-debug-command', 'yes']);
  otherOurs = await RawClient.connect(pair.respkv.port);
  otherTheirs = await RawClient.connect(pair.redis.port);
});
afterAll(async () => {
  otherOurs?.close();
  otherTheirs?.close();
  await pair?.stop();
});

/** Runs a command on the second connection of both servers, expecting the same reply. */
async function other(...args: string[]): Promise<void> {
  const [a, b] = await Promise.all([otherOurs.call(...args), otherTheirs.call(...args)]);
  if (a !== b) throw new Error(`second connection: ${args.join(' ')}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`);
}

describe('MULTI and EXEC, as redis-server', () => {
  it('queues commands and runs them at EXEC, errors included', async () => {
    await pair.expectSame([
      ['FLUSHALL'],
      ['MULTI'],
      ['SET', 'a', '1'],
      ['INCR', 'a'],
      ['GET', 'a'],
      ['LPUSH', 'a', 'x'],
      ['PING'],
      ['EXEC'],
      ['GET', 'a'],
    ]);
  });

  it('answers the control errors', async () => {
    await pair.expectSame([
      ['EXEC'],
      ['DISCARD'],
      ['EXEC', 'extra'],
      ['MULTI'],
      ['MULTI'],
      ['WATCH', 'a'],
      ['EXEC'],
      ['MULTI'],
      ['DISCARD'],
      ['EXEC'],
    ]);
  });

  it('aborts EXEC after an error while queueing', async () => {
    await pair.expectSame([
      ['MULTI'],
      ['SET', 'k', 'v'],
      ['NOSUCHCOMMAND', 'x'],
      ['GET'],
      ['EXEC'],
      ['EXISTS', 'k'],
      ['MULTI'],
      ['GET', 'a', 'b'],
      ['DISCARD'],
      ['MULTI'],
      ['DISCARD', 'x'],
      ['EXEC'],
      ['MULTI'],
      ['MULTI', 'x'],
      ['EXEC'],
      ['MULTI'],
      ['EXEC', 'x'],
      ['EXEC'],
    ]);
  });

  it('refuses no-multi commands inside MULTI and queues the others', async () => {
    await pair.expectSame([
      ['MULTI'],
      ['SUBSCRIBE', 'ch'],
      ['UNSUBSCRIBE'],
      ['SELECT', '1'],
      ['SET', 'db1', 'x'],
      ['SELECT', '0'],
      ['EXEC'],
      ['MULTI'],
      ['WATCH', 'x'],
      ['UNWATCH'],
      ['EXEC'],
    ]);
  });

  it('fails EXEC when a watched key changed, by anyone', async () => {
    await pair.expectSame([['SET', 'w', '1'], ['WATCH', 'w']]);
    await other('SET', 'w', '2');
    await pair.expectSame([['MULTI'], ['SET', 'w', '3'], ['EXEC'], ['GET', 'w']]);
    await pair.expectSame([['WATCH', 'w'], ['SET', 'w', 'mine'], ['MULTI'], ['PING'], ['EXEC']]);
    await pair.expectSame([['WATCH', 'w'], ['UNWATCH'], ['SET', 'w', 'x'], ['MULTI'], ['PING'], ['EXEC']]);
    await pair.expectSame([['WATCH', 'nokey'], ['DEL', 'nokey'], ['MULTI'], ['PING'], ['EXEC']]);
    await pair.expectSame([['WATCH', 'w'], ['GET', 'w'], ['MULTI'], ['PING'], ['EXEC']]);
    await pair.expectSame([['WATCH', 'w'], ['EXPIRE', 'w', '100'], ['MULTI'], ['PING'], ['EXEC']]);
    await pair.expectSame([['WATCH', 'w', 'w', 'v'], ['DISCARD'], ['SET', 'v', '1'], ['MULTI'], ['PING'], ['EXEC']]);
  });

  it('fails EXEC after FLUSHALL, FLUSHDB and SWAPDB only when the watched key was there', async () => {
    await pair.expectSame([
      ['FLUSHALL'],
      ['WATCH', 'x'],
      ['FLUSHALL'],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
      ['SET', 'x', '1'],
      ['WATCH', 'x'],
      ['FLUSHDB'],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
      ['SET', 'x', '1'],
      ['WATCH', 'x'],
      ['SELECT', '1'],
      ['FLUSHDB'],
      ['SELECT', '0'],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
      ['FLUSHALL'],
      ['SELECT', '1'],
      ['SET', 'x', 'in1'],
      ['SELECT', '0'],
      ['WATCH', 'x'],
      ['SWAPDB', '0', '1'],
      ['MULTI'],
      ['GET', 'x'],
      ['EXEC'],
      ['WATCH', 'nothere'],
      ['SWAPDB', '0', '1'],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
    ]);
  });

  it('treats keys already expired at WATCH time as Redis 7.0 does', async () => {
    /** Sets `key` with a 1 ms TTL in the current database and waits until it has passed. */
    const expiredKey = async (key: string): Promise<void> => {
      await pair.expectSame([['SET', key, 'v', 'PX', '1']]);
      await new Promise((r) => setTimeout(r, 20));
    };
    await pair.expectSame([['FLUSHALL'], ['DEBUG', 'SET-ACTIVE-EXPIRE', '0']]);
    // Deleting a key that was already expired is no change; writing it again is one.
    await expiredKey('e1');
    await pair.expectSame([['WATCH', 'e1'], ['GET', 'e1'], ['MULTI'], ['PING'], ['EXEC']]);
    await expiredKey('e2');
    await pair.expectSame([['WATCH', 'e2'], ['SET', 'e2', 'new'], ['MULTI'], ['PING'], ['EXEC']]);
    await expiredKey('e3');
    await pair.expectSame([['WATCH', 'e3'], ['MULTI'], ['PING'], ['EXEC']]);
    // SWAPDB bringing in a key that is already expired is no change either.
    await pair.expectSame([['SELECT', '1']]);
    await expiredKey('e4');
    await pair.expectSame([['SELECT', '0'], ['WATCH', 'e4'], ['SWAPDB', '0', '1'], ['MULTI'], ['PING'], ['EXEC']]);
    await pair.expectSame([['FLUSHALL'], ['DEBUG', 'SET-ACTIVE-EXPIRE', '1']]);
  });

  it('forgets MULTI, WATCH and subscriptions on RESET', async () => {
    await pair.expectSame([['SET', 'rw', '1'], ['MULTI'], ['SET', 'rw', '2'], ['RESET'], ['EXEC'], ['GET', 'rw']]);
    await pair.expectSame([['WATCH', 'rw'], ['RESET']]);
    await other('SET', 'rw', '3');
    await pair.expectSame([['MULTI'], ['PING'], ['EXEC']]);
    // CLIENT REPLY OFF answers nothing; RESET turns replies back on and answers itself.
    pair.ours.write(encodeCommand(['CLIENT', 'REPLY', 'OFF']));
    pair.theirs.write(encodeCommand(['CLIENT', 'REPLY', 'OFF']));
    await pair.expectSame([['RESET'], ['PING']]);
  });

  it('answers the same in RESP3', async () => {
    await pair.expectSame([
      { cmd: ['HELLO', '3'], typeOnly: true },
      ['MULTI'],
      ['SET', 'r3', '1'],
      ['GET', 'r3'],
      ['GET', 'none'],
      ['EXEC'],
      ['WATCH', 'r3'],
      ['SET', 'r3', '2'],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
      { cmd: ['HELLO', '2'], typeOnly: true },
    ]);
  });
});
