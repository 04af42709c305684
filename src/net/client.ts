/**
 * One client connection: its read loop, its command state, and its single write path.
 *
 * Reads feed the streaming parser, which hands each complete request to the dispatcher; the
 * replies of a whole read accumulate in the ReplyWriter and leave in one socket write when the read
 * has been processed (flush). Replies produced for this client by others (a PUBLISH, an unblocked
 * BLPOP) are flushed through the same path via Server.scheduleFlush. When the socket stops draining
 * the client is not read until it drains, so a client that does not read cannot make the server
 * buffer without bound. A protocol error is answered, then the connection is closed.
 */
import type { Socket } from 'node:net';
import { RequestParser, RequestSink } from '../resp/parser';
import { ReplyWriter } from '../resp/writer';
import { processCommand } from '../commands/dispatch';
import type { Command } from '../commands/types';
import type { Db } from '../store/db';
import type { Server } from '../server';
import type { Subscriptions } from '../commands/pubsub';
import type { WatchedKey } from '../commands/multi';
import { unauthenticatedLimits } from '../commands/auth';
import { enforceOutputBufferLimit, evictClients } from './limits';

/** State of a MULTI block; filled by the transactions module. */
export interface MultiState {
  /** A queued command was rejected: EXEC must answer EXECABORT. */
  dirty: boolean;
  queue: Array<{ cmd: Command; argv: string[] }>;
  /** Bytes the queue holds (memory/costs.ts QUEUED_COMMAND and the arguments): client memory. */
  bytes: number;
}

export type ReplyMode = 'on' | 'off' | 'skip-next' | 'skip';

/** Bytes a connection costs beyond its buffers: socket, parser, writer and this object. */
export const CLIENT_BASE_BYTES = 2048;

export class Client implements RequestSink {
  readonly id: number;
  readonly parser: RequestParser;
  readonly reply: ReplyWriter;
  db: Db;
  name = '';
  libName = '';
  libVersion = '';
  readonly createdAt: number;
  /** ms since the epoch of the last request. */
  lastInteraction: number;
  authenticated: boolean;
  user = 'default';
  multiState: MultiState | undefined = undefined;
  currentCommand: Command | undefined = undefined;
  lastCommand: Command | undefined = undefined;
  /** CLIENT NO-EVICT and CLIENT NO-TOUCH. */
  noEvict = false;
  noTouch = false;
  /** True while this client's socket read is being parsed and executed. */
  private reading = false;
  /** Close once the pending replies are written (QUIT, protocol errors). */
  closeAfterReply = false;
  closed = false;
  /** Buffer bytes last reported to the accountant. */
  private reportedBuffers = 0;
  /** Reading paused because the socket's output is not draining. */
  private outputBlocked = false;
  /** Pub/Sub subscriptions (commands/pubsub.ts); undefined until the first SUBSCRIBE. */
  subscriptions: Subscriptions | undefined = undefined;
  /** WATCHed keys (commands/multi.ts); dirtyCas once one of them changed: EXEC must fail. */
  watched: WatchedKey[] = [];
  dirtyCas = false;
  /** CLIENT REPLY: 'skip-next' turns into 'skip' after the current command, 'skip' into 'on'. */
  replyMode: ReplyMode = 'on';
  /** In MONITOR mode: receives a line per command run by others (commands/monitor.ts). */
  monitor = false;
  /** A request held back by CLIENT PAUSE, run again when the pause ends; reading stops meanwhile. */
  postponed: string[] | undefined = undefined;
  /** Hooks run when the client goes away (blocked lists, subscriptions, WATCH). */
  readonly onClose: Array<(c: Client) => void> = [];

  constructor(
    readonly server: Server,
    readonly socket: Socket,
  ) {
    this.id = server.nextClientId++;
    this.parser = new RequestParser(this, server.parserLimits);
    this.reply = new ReplyWriter(server);
    this.db = server.keyspace.dbs[0];
    this.createdAt = Date.now();
    this.lastInteraction = this.createdAt;
    this.authenticated = !server.authRequired();
    if (!this.authenticated) this.parser.limits = unauthenticatedLimits(server);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => this.onDrain());
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
    socket.on('end', () => this.close());
  }

  get dbIndex(): number {
    return this.db.id;
  }

  get address(): string {
    const s = this.socket;
    return s.remoteFamily === 'IPv6' ? `[${s.remoteAddress}]:${s.remotePort}` : `${s.remoteAddress}:${s.remotePort}`;
  }

  get localAddress(): string {
    const s = this.socket;
    return s.localAddress && s.localAddress.includes(':') ? `[${s.localAddress}]:${s.localPort}` : `${s.localAddress}:${s.localPort}`;
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    this.server.stats.netInputBytes += chunk.length;
    this.server.stats.readsProcessed++;
    // One clock reading serves every request of this read (Redis caches its clock per call too).
    this.lastInteraction = this.server.keyspace.clock.refresh();
    this.reading = true;
    this.parser.feed(chunk);
    this.reading = false;
    if (this.parser.pendingBytes > this.server.queryBufferLimit) {
      this.server.log.warning(`Closing client that reached max query buffer length: id=${this.id} addr=${this.address} qbuf=${this.parser.pendingBytes}`);
      this.close();
      return;
    }
    this.flush();
  }

  onRequest(argv: string[]): void {
    // Requests resumed outside a read (unblocked, unpaused) read the clock themselves.
    if (!this.reading) this.server.keyspace.clock.refresh();
    processCommand(this, argv);
    // A postponed request (CLIENT PAUSE) has not run yet: REPLY SKIP still applies to it.
    if (this.replyMode !== 'on' && this.postponed === undefined) this.suppressReplies();
    if (this.closeAfterReply || this.postponed !== undefined) this.parser.paused = true;
  }

  /** CLIENT REPLY OFF|SKIP: drops what the command just wrote (earlier replies were flushed first). */
  private suppressReplies(): void {
    if (this.replyMode === 'skip-next') {
      this.replyMode = 'skip';
      return;
    }
    this.reply.discard();
    if (this.replyMode === 'skip') this.replyMode = 'on';
  }

  onProtocolError(message: string): void {
    this.reply.error(`ERR ${message}`);
    this.server.log.verbose(`Protocol error (${message}) from client: id=${this.id} addr=${this.address}`);
    this.closeAfterReply = true;
  }

  /** Sends everything written so far in one socket write; the single write path of a client. */
  flush(): void {
    if (this.closed) return;
    const out = this.reply.take();
    if (out !== null) {
      let bytes = 0;
      let ok = true;
      if (out.length === 1) {
        bytes = out[0].length;
        ok = this.socket.write(out[0]);
      } else {
        this.socket.cork();
        for (const b of out) {
          bytes += b.length;
          ok = this.socket.write(b);
        }
        this.socket.uncork();
      }
      this.server.stats.netOutputBytes += bytes;
      this.server.stats.writesProcessed++;
      if (!ok && !this.outputBlocked) {
        this.outputBlocked = true;
        this.socket.pause();
      }
    }
    if (this.closeAfterReply) {
      this.closed = true;
      this.socket.end();
      this.detach();
      return;
    }
    if (enforceOutputBufferLimit(this)) return;
    this.reportBuffers();
  }

  private onDrain(): void {
    // Written output counts as interaction for timeout, as in Redis's writeToClient.
    this.lastInteraction = Date.now();
    if (this.outputBlocked) {
      this.outputBlocked = false;
      if (!this.closed) this.socket.resume();
    }
    this.reportBuffers();
  }

  /** Bytes buffered for this client: unparsed input plus output not yet written to the socket. */
  bufferBytes(): number {
    const queued = this.multiState === undefined ? 0 : this.multiState.bytes;
    return this.parser.pendingBytes + this.reply.pendingBytes + this.socket.writableLength + queued;
  }

  /** Reports the change of this client's buffers to the accountant (mem_clients_normal). */
  reportBuffers(): void {
    const now = this.bufferBytes();
    this.server.memory.clientBuffers += now - this.reportedBuffers;
    this.reportedBuffers = now;
    evictClients(this.server);
  }

  /** Closes the connection at once, dropping unsent replies. */
  close(): void {
    if (this.closed && !this.server.clients.has(this.id)) return;
    this.closed = true;
    this.reply.discard();
    this.socket.destroy();
    this.detach();
  }

  private detach(): void {
    if (!this.server.clients.has(this.id)) return;
    this.server.memory.clientBuffers -= this.reportedBuffers;
    this.reportedBuffers = 0;
    for (const hook of this.onClose) hook(this);
    this.server.removeClient(this);
  }
}
