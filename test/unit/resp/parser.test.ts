import { describe, expect, it } from 'vitest';
import { RequestParser, RequestSink } from '../../../src/resp/parser';
import { encodeCommand } from '../../helpers/raw';

function collect(limits = { maxBulkLen: 512 * 1024 * 1024, authRequired: false }) {
  const requests: string[][] = [];
  const errors: string[] = [];
  const sink: RequestSink = {
    onRequest: (argv) => requests.push(argv),
    onProtocolError: (m) => errors.push(m),
  };
  return { parser: new RequestParser(sink, limits), requests, errors };
}

const COMMANDS = [
  ['SET', 'key', 'value'],
  ['GET', 'key'],
  ['SET', 'bin\r\n\0\xff', '\x00\x01\r\n$3\r\n'],
  ['PING'],
];

describe('RequestParser', () => {
  it('parses several pipelined commands in one buffer', () => {
    const { parser, requests } = collect();
    parser.feed(Buffer.concat(COMMANDS.map((c) => encodeCommand(c))));
    expect(requests).toEqual(COMMANDS);
  });

  it('yields the same requests whatever byte the input is split at', () => {
    const input = Buffer.concat([...COMMANDS.map((c) => encodeCommand(c)), Buffer.from('PING "a b"\r\n')]);
    const expected = [...COMMANDS, ['PING', 'a b']];
    for (let i = 0; i <= input.length; i++) {
      for (let j = i; j <= input.length; j += 7) {
        const { parser, requests, errors } = collect();
        parser.feed(input.subarray(0, i));
        parser.feed(input.subarray(i, j));
        parser.feed(input.subarray(j));
        expect(errors).toEqual([]);
        expect(requests).toEqual(expected);
      }
    }
  });

  it('keeps every byte value of binary arguments', () => {
    const all = Buffer.alloc(256);
    for (let i = 0; i < 256; i++) all[i] = i;
    const { parser, requests } = collect();
    parser.feed(encodeCommand(['SET', all, all]));
    expect(Buffer.from(requests[0][1], 'latin1').equals(all)).toBe(true);
  });

  it('accumulates a large bulk string delivered in small chunks', () => {
    const big = Buffer.alloc(5 * 1024 * 1024, 'x');
    const input = encodeCommand(['SET', 'k', big]);
    const { parser, requests } = collect();
    for (let i = 0; i < input.length; i += 65536) parser.feed(input.subarray(i, i + 65536));
    expect(requests.length).toBe(1);
    expect(requests[0][2].length).toBe(big.length);
  });

  it('parses inline commands with quoting', () => {
    const { parser, requests } = collect();
    parser.feed(Buffer.from('SET "a\\x41\\n" \'it\\\'s\'\r\nPING\n\r\n'));
    expect(requests).toEqual([['SET', 'aA\n', "it's"], ['PING']]);
  });

  const malformed: Array<[string, string]> = [
    ['*abc\r\n', 'Protocol error: invalid multibulk length'],
    ['*3000000000\r\n', 'Protocol error: invalid multibulk length'],
    ['*1\r\n+foo\r\n', "Protocol error: expected '$', got '+'"],
    ['*1\r\n$-5\r\n', 'Protocol error: invalid bulk length'],
    ['*1\r\n$abc\r\n', 'Protocol error: invalid bulk length'],
    ['*1\r\n$600000000\r\n', 'Protocol error: invalid bulk length'],
    ['SET "abc\r\n', 'Protocol error: unbalanced quotes in request'],
    ["GET 'a'b\r\n", 'Protocol error: unbalanced quotes in request'],
    ['*1\r\n' + '$'.padEnd(70000, '1'), 'Protocol error: too big bulk count string'],
    ['*'.padEnd(70000, '1'), 'Protocol error: too big mbulk count string'],
    ['A'.repeat(70000), 'Protocol error: too big inline request'],
  ];
  for (const [input, error] of malformed) {
    it(`answers ${JSON.stringify(error)} for ${JSON.stringify(input.slice(0, 24))}`, () => {
      const { parser, errors, requests } = collect();
      parser.feed(Buffer.from(encodeCommand(['PING']).toString('latin1') + input, 'latin1'));
      expect(requests).toEqual([['PING']]);
      expect(errors).toEqual([error]);
      parser.feed(encodeCommand(['PING']));
      expect(requests.length).toBe(1);
    });
  }

  it('ignores empty multibulk and empty inline lines', () => {
    const { parser, requests, errors } = collect();
    parser.feed(Buffer.from('*0\r\n*-1\r\n\r\n  \r\nPING\r\n'));
    expect(errors).toEqual([]);
    expect(requests).toEqual([['PING']]);
  });

  it('stops at a pause and resumes with the buffered input', () => {
    const requests: string[][] = [];
    const parser: RequestParser = new RequestParser(
      {
        onRequest: (argv) => {
          requests.push(argv);
          parser.paused = true;
        },
        onProtocolError: () => {},
      },
      { maxBulkLen: 1 << 20, authRequired: false },
    );
    parser.feed(Buffer.concat([encodeCommand(['A']), encodeCommand(['B'])]));
    expect(requests).toEqual([['A']]);
    parser.resume();
    expect(requests).toEqual([['A'], ['B']]);
  });
});
