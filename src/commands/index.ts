/**
 * Every command family's rows, joined into the one command table (see table.ts).
 */
import type { CommandRow } from './types';
import { connectionCommands } from './connection';
import { configCommands } from './config';
import { stringCommands } from './strings';
import { bitmapCommands } from './bitmaps';
import { keyCommands } from './keys';
import { expireCommands } from './expire';
import { memoryCommands } from './memory';
import { serverCommands } from './server';
import { aclCommands } from './acl';
import { listCommands } from './lists';
import { hashCommands } from './hashes';
import { setCommands } from './sets';
import { zsetCommands } from './zsets';
import { multiCommands, installMulti } from './multi';
import { pubsubCommands, installPubSub } from './pubsub';
import { clientCommands, installClient } from './client';
import { installMonitor, monitorCommands } from './monitor';
import { slowlogCommands } from './slowlog';
import { latencyCommands } from './latency';
import type { Server } from '../server';

export const ALL_COMMANDS: readonly CommandRow[] = [...connectionCommands, ...configCommands, ...stringCommands, ...bitmapCommands, ...keyCommands, ...expireCommands, ...memoryCommands, ...serverCommands, ...aclCommands, ...listCommands, ...hashCommands, ...setCommands, ...zsetCommands, ...multiCommands, ...pubsubCommands, ...clientCommands, ...monitorCommands, ...slowlogCommands, ...latencyCommands];

/** Modules that attach to a new server's keyspace or notifications, run by the Server constructor. */
export const SERVER_MODULES: ReadonlyArray<(server: Server) => void> = [installMulti, installPubSub, installMonitor, installClient];
