/**
 * Limits on connections, as redis-server applies them: protected mode and maxclients when a
 * connection is accepted, tcp-keepalive on its socket, client-output-buffer-limit after every write
 * (a hard limit closes at once, a soft limit once it has been exceeded for its seconds without a
 * break), maxmemory-clients after every change of a client's buffers (the largest evictable client
 * is closed until the clients' memory is under the limit), and timeout in the periodic tick.
 */
import type { Socket } from 'node:net';
import type { Client } from './client';
import { CLIENT_BASE_BYTES } from './client';
import type { Server } from '../server';
import { limitSettings } from './limit-settings';
import { subscriptionCount } from '../commands/pubsub';
import { isBlocked } from '../commands/blocking';

export const MAX_CLIENTS_ERROR = '-ERR max number of clients reached\r\n';

export const PROTECTED_MODE_DENIED =
  "-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n";

/**
 * Redis's connIsLocal: the peer is exactly 127.0.0.1 or ::1 (not the rest of 127.0.0.0/8), here also
 * 127.0.0.1 seen through a dual-stack listener as ::ffff:127.0.0.1.
 */
export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/**
 * Redis 7.0's protected mode: with protected-mode on and no password for the default user, only
 * loopback peers may connect. (Redis 7.0 no longer looks at bind; its default bind is loopback.)
 */
export function protectedModeDenies(protectedMode: boolean, defaultUserNeedsNoPassword: boolean, remoteAddress: string | undefined): boolean {
  return protectedMode && defaultUserNeedsNoPassword && !isLoopback(remoteAddress);
}

/** The refusal a new connection gets, or undefined to accept it. */
export function acceptRefusal(server: Server, socket: Socket, defaultUserNeedsNoPassword: boolean): string | undefined {
  if (server.clients.size >= server.config.int('maxclients')) return MAX_CLIENTS_ERROR;
  if (protectedModeDenies(server.config.bool('protected-mode'), defaultUserNeedsNoPassword, socket.remoteAddress)) return PROTECTED_MODE_DENIED;
  return undefined;
}

/** tcp-keepalive: seconds between keepalive probes, 0 for none. */
export function configureSocket(server: Server, socket: Socket): void {
  const seconds = server.config.int('tcp-keepalive');
  if (seconds > 0) socket.setKeepAlive(true, seconds * 1000);
}

/** ms since the epoch when each client went over its soft limit; absent while under it. */
const softLimitSince = new WeakMap<Client, number>();

/** Bytes of replies waiting for a client: in its writer and in the socket. */
export function outputBufferBytes(c: Client): number {
  return c.reply.pendingBytes + c.socket.writableLength;
}

/** Redis's checkClientOutputBufferLimits: whether c has to be closed for its output. */
export function outputBufferLimitReached(c: Client, now: number): boolean {
  const limit = limitSettings(c.server).output[subscriptionCount(c) > 0 ? 'pubsub' : 'normal'];
  if (limit.hard === 0 && limit.soft === 0) return false;
  const used = outputBufferBytes(c);
  if (limit.hard > 0 && used >= limit.hard) return true;
  if (limit.soft === 0 || used < limit.soft) {
    softLimitSince.delete(c);
    return false;
  }
  const since = softLimitSince.get(c);
  if (since === undefined) {
    softLimitSince.set(c, now);
    return false;
  }
  // Over the soft limit for longer than its seconds, as Redis (elapsed > soft_limit_seconds).
  return now - since > limit.softSeconds * 1000;
}

/** Closes c when its output is over a limit; true when it did (client_output_buffer_limit_disconnections). */
export function enforceOutputBufferLimit(c: Client): boolean {
  if (!outputBufferLimitReached(c, c.server.keyspace.clock.nowMs)) return false;
  c.server.log.warning(`Client id=${c.id} addr=${c.address} closed for overcoming of output buffer limits.`);
  c.server.stats.clientOutputBufferLimitDisconnections++;
  c.close();
  return true;
}

/** maxmemory-clients in bytes (0: no limit), Redis's getClientEvictionLimit. */
export function clientEvictionLimit(server: Server): number {
  const l = limitSettings(server).clientsLimit;
  // A percentage is of the configured maxmemory (none while it is 0), as Redis's getClientEvictionLimit.
  const bytes = 'bytes' in l ? l.bytes : Math.floor((server.config.int('maxmemory') * l.percent) / 100);
  return bytes === 0 ? 0 : Math.max(bytes, MIN_CLIENTS_LIMIT);
}

/** Redis never evicts clients below 128 KB of client memory, so a tiny setting cannot lock everyone out. */
const MIN_CLIENTS_LIMIT = 128 * 1024;

/** Memory a client accounts for in client eviction: its fixed cost plus its buffers. */
export function clientMemory(c: Client): number {
  return CLIENT_BASE_BYTES + c.bufferBytes();
}

/**
 * Client eviction: while the evictable clients (all but CLIENT NO-EVICT ones) use more than
 * maxmemory-clients, the largest is closed. Cheap when under the limit: the accountant's client
 * totals are an upper bound of the evictable clients' memory.
 */
export function evictClients(server: Server): void {
  const limit = clientEvictionLimit(server);
  if (limit === 0 || server.memory.clientBuffers + server.memory.clientsOverhead <= limit) return;
  const candidates: Array<[Client, number]> = [];
  let total = 0;
  for (const c of server.clients.values()) {
    if (c.noEvict || c.closed) continue;
    const bytes = clientMemory(c);
    total += bytes;
    candidates.push([c, bytes]);
  }
  if (total <= limit) return;
  candidates.sort((a, b) => b[1] - a[1]);
  for (const [c, bytes] of candidates) {
    if (total <= limit) break;
    server.log.verbose(`Evicting client: id=${c.id} addr=${c.address} tot-mem=${bytes}`);
    server.stats.evictedClients++;
    total -= bytes;
    c.close();
  }
}

/** timeout: idle clients are closed, except blocked clients, subscribers and MONITOR clients (Redis's replicas). */
export function closeTimedOutClients(server: Server, now: number): void {
  const timeout = server.config.int('timeout') * 1000;
  if (timeout === 0) return;
  for (const c of [...server.clients.values()]) {
    if (now - c.lastInteraction > timeout && !isBlocked(c) && subscriptionCount(c) === 0 && !c.monitor) {
      server.log.verbose('Closing idle client');
      c.close();
    }
  }
}
