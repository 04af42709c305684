/**
 * The connection handshakes of common client libraries, replayed as raw RESP against respkv and a
 * real redis-server 7.0 and compared reply by reply. Each handshake is written in one batch, as the
 * libraries pipeline it. Fields that legitimately differ are compared by shape: the client id in
 * HELLO's map, and INFO's text (only its type and the `loading:0` line ioredis reads).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCommand, RawClient } from '../helpers/raw';
import { redisServerAvailable, RunningServer, startRedis, startRespkv } from '../helpers/servers';

interface Handshake {
  library: string;
  commands: string[][];
}

/** With requirepass "pw". */
const WITH_PASSWORD: Handshake[] = [
  {
    library: 'node-redis, RESP3',
    commands: [
      ['HELLO', '3', 'AUTH', 'default', 'pw', 'SETNAME', 'node-app'],
      ['CLIENT', 'SETINFO', 'LIB-NAME', 'node-redis'],
      ['CLIENT', 'SETINFO', 'LIB-VER', '5.0.0'],
      ['SELECT', '1'],
      ['PING'],
    ],
  },
  {
    library: 'node-redis, RESP2',
    commands: [['AUTH', 'pw'], ['CLIENT', 'SETINFO', 'LIB-NAME', 'node-redis'], ['CLIENT', 'SETINFO', 'LIB-VER', '4.7.0'], ['SELECT', '1'], ['PING']],
  },
  {
    library: 'redis-py, RESP3',
    commands: [['HELLO', '3', 'AUTH', 'default', 'pw'], ['CLIENT', 'SETINFO', 'LIB-NAME', 'redis-py'], ['CLIENT', 'SETINFO', 'LIB-VER', '5.0.1'], ['SELECT', '2']],
  },
  {
    library: 'redis-py, RESP2',
    commands: [
      ['AUTH', 'pw'],
      ['CLIENT', 'SETNAME', 'py-app'],
      ['CLIENT', 'SETINFO', 'LIB-NAME', 'redis-py'],
      ['CLIENT', 'SETINFO', 'LIB-VER', '5.0.1'],
      ['SELECT', '2'],
    ],
  },
  {
    library: 'go-redis',
    commands: [
      ['HELLO', '3', 'AUTH', 'default', 'pw', 'SETNAME', 'go-app'],
      ['CLIENT', 'SETINFO', 'LIB-NAME', 'go-redis(,go1.22.0)'],
      ['CLIENT', 'SETINFO', 'LIB-VER', '9.7.0'],
      ['CLIENT', 'MAINT_NOTIFICATIONS', 'ON', 'moving-endpoint-type', 'external-ip'],
      ['PING'],
    ],
  },
  {
    library: 'Jedis',
    commands: [
      ['HELLO', '3', 'AUTH', 'default', 'pw'],
      ['CLIENT', 'SETNAME', 'jedis-app'],
      ['SELECT', '4'],
      ['CLIENT', 'SETINFO', 'LIB-NAME', 'jedis'],
      ['CLIENT', 'SETINFO', 'LIB-VER', '5.1.0'],
    ],
  },
  {
    library: 'Lettuce',
    commands: [
      ['HELLO', '3', 'AUTH', 'default', 'pw', 'SETNAME', 'lettuce-app'],
      ['CLIENT', 'SETINFO', 'lib-name', 'Lettuce'],
      ['CLIENT', 'SETINFO', 'lib-ver', '6.3.2.RELEASE'],
      ['PING'],
    ],
  },
  {
    library: 'ioredis 5',
    commands: [
      ['AUTH', 'pw'],
      ['SELECT', '3'],
      ['CLIENT', 'SETNAME', 'io-app'],
      ['CLIENT', 'SETINFO', 'LIB-NAME', 'ioredis'],
      ['CLIENT', 'SETINFO', 'LIB-VER', '5.4.1'],
      ['INFO'],
    ],
  },
  { library: 'a client with a wrong password', commands: [['HELLO', '3', 'AUTH', 'default', 'nope'], ['AUTH', 'nope'], ['PING'], ['INFO']] },
];

/** Without a password. */
const WITHOUT_PASSWORD: Handshake[] = [
  { library: 'node-redis, RESP3', commands: [['HELLO', '3'], ['CLIENT', 'SETINFO', 'LIB-NAME', 'node-redis'], ['CLIENT', 'SETINFO', 'LIB-VER', '5.0.0'], ['PING']] },
  { library: 'go-redis', commands: [['HELLO', '3', 'SETNAME', 'go-app'], ['CLIENT', 'SETINFO', 'LIB-NAME', 'go-redis(,go1.22.0)'], ['CLIENT', 'MAINT_NOTIFICATIONS', 'ON']] },
  { library: 'redis-py with a password the server does not need', commands: [['AUTH', 'pw'], ['AUTH', 'default', 'pw'], ['PING']] },
  { library: 'ioredis 5', commands: [['CLIENT', 'SETINFO', 'LIB-NAME', 'ioredis'], ['INFO'], ['SELECT', '0']] },
  { library: 'HELLO variants', commands: [['HELLO'], ['HELLO', '2', 'SETNAME', 'bad name'], ['HELLO', '3', 'FOO'], ['HELLO', '3', 'AUTH', 'default'], ['HELLO', '1']] },
];

function isSetInfo(cmd: readonly string[]): boolean {
  return cmd[0] === 'CLIENT' && cmd[1].toUpperCase() === 'SETINFO';
}

/** A reply with what legitimately differs between two servers replaced by its shape. */
function shape(raw: string): string {
  if (raw.startsWith('$') && raw.includes('# Server')) {
    expect(raw).toContain('\r\nloading:0\r\n');
    return '$INFO';
  }
  return raw.replace(/(\$2\r\nid\r\n):\d+\r\n/, '$1:ID\r\n');
}

async function replay(port: number, commands: readonly string[][]): Promise<string[]> {
  const c = await RawClient.connect(port);
  c.write(Buffer.concat(commands.map((cmd) => encodeCommand(cmd))));
  const replies: string[] = [];
  for (let i = 0; i < commands.length; i++) replies.push(shape((await c.read()).toString('latin1')));
  c.close();
  return replies;
}

for (const [title, args, handshakes] of [
  ['with requirepass', ['--requirepass', 'pw'], WITH_PASSWORD],
  ['without a password', [], WITHOUT_PASSWORD],
] as const) {
  describe.skipIf(!redisServerAvailable())(`client library handshakes ${title}, as redis-server 7.0`, () => {
    let ours: RunningServer;
    let theirs: RunningServer;
    beforeAll(async () => {
      [ours, theirs] = await Promise.all([startRespkv([...args]), startRedis([...args])]);
    });
    afterAll(async () => {
      await Promise.all([ours?.stop(), theirs?.stop()]);
    });

    for (const h of handshakes) {
      it(h.library, async () => {
        const [a, b] = await Promise.all([replay(ours.port, h.commands), replay(theirs.port, h.commands)]);
        for (let i = 0; i < h.commands.length; i++) {
          // CLIENT SETINFO has a test of its own below; the libraries ignore its error.
          if (isSetInfo(h.commands[i])) continue;
          expect(a[i], h.commands[i].join(' ')).toBe(b[i]);
        }
      });
    }

    it('CLIENT SETINFO, which every library sends: respkv keeps it (as Redis 7.2 does), Redis 7.0 refuses it', async () => {
      // The core issue asks for CLIENT SETINFO; redis-server 7.0 predates it and answers an error,
      // which every library ignores. This pins both answers so the difference stays deliberate.
      const auth = args.length > 0 ? [['AUTH', 'pw']] : [];
      const setinfo = [...auth, ...handshakes.flatMap((h) => h.commands.filter(isSetInfo))];
      const [a, b] = await Promise.all([replay(ours.port, setinfo), replay(theirs.port, setinfo)]);
      for (let i = 0; i < setinfo.length; i++) {
        if (!isSetInfo(setinfo[i])) {
          expect(a[i]).toBe(b[i]);
          continue;
        }
        expect(b[i]).toMatch(/^-ERR unknown subcommand 'SETINFO'/i);
        expect(a[i]).toBe('+OK\r\n');
      }
    });
  });
}
