/**
 * Every command family's rows, joined into the one command table (see table.ts).
 */
import type { CommandRow } from './types';
import { connectionCommands } from './connection';
import { configCommands } from './config';
import { stringCommands } from './strings';
import { keyCommands } from './keys';
import { expireCommands } from './expire';
import { memoryCommands } from './memory';
import { serverCommands } from './server';
import { aclCommands } from './acl';
import { listCommands } from './lists';
import { hashCommands } from './hashes';
import { setCommands } from './sets';
import { zsetCommands } from './zsets';

export const ALL_COMMANDS: readonly CommandRow[] = [...connectionCommands, ...configCommands, ...stringCommands, ...keyCommands, ...expireCommands, ...memoryCommands, ...serverCommands, ...aclCommands, ...listCommands, ...hashCommands, ...setCommands, ...zsetCommands];
