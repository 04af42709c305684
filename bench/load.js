'use strict';
/**
 * Loads N string keys into a server as fast as the protocol allows: pipelined MSET batches over
 * one connection, waiting for each batch's replies before sending the next. Key names follow
 * redis-benchmark's `key:%012d` so `redis-benchmark -r N -t get` hits loaded keys.
 */
const net = require('node:net');

function keyName(i) {
  return `key:${String(i).padStart(12, '0')}`;
}

function load(port, count, valueSize = 3, batch = 1000) {
  const value = 'x'.repeat(valueSize);
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let next = 0;
    let seen = Buffer.alloc(0);
    const sendBatch = () => {
      if (next >= count) {
        sock.end();
        return resolve();
      }
      const n = Math.min(batch, count - next);
      const parts = [`*${1 + 2 * n}\r\n$4\r\nMSET\r\n`];
      for (let i = 0; i < n; i++) {
        const k = keyName(next + i);
        parts.push(`$${k.length}\r\n${k}\r\n$${value.length}\r\n${value}\r\n`);
      }
      next += n;
      sock.write(parts.join(''));
    };
    sock.on('connect', sendBatch);
    sock.on('data', (d) => {
      seen = Buffer.concat([seen, d]);
      const text = seen.toString('latin1');
      if (text.includes('\r\n')) {
        if (!text.startsWith('+OK')) return reject(new Error(`load failed: ${text.slice(0, 200)}`));
        seen = Buffer.alloc(0);
        sendBatch();
      }
    });
    sock.on('error', reject);
  });
}

module.exports = { load, keyName };
