/**
 * Authentication: password checks and a connection's authenticated state. Passwords are kept and
 * compared as SHA-256 digests with a constant-time comparison over every stored digest, so neither
 * the content nor the length of a password, nor which of a user's passwords matched, leaks through
 * timing. A connection is held to the parser's small unauthenticated limits until it authenticates.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Client } from '../net/client';
import type { ParserLimits } from '../resp/parser';
import type { Server } from '../server';
import { aclOf } from './acl';
import { attached } from '../util/attached';

export const WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.';
export const NOAUTH = 'NOAUTH Authentication required.';

/** Hex SHA-256 of a password, as ACL LIST prints it after '#'. */
export function passwordDigest(password: string): string {
  return createHash('sha256').update(password, 'latin1').digest('hex');
}

/** Whether `password` opens the enabled user `user`; a nopass user accepts anything. */
export function checkPassword(server: Server, user: string, password: string): boolean {
  const u = aclOf(server).user(user);
  if (u === undefined || !u.enabled) return false;
  if (u.nopass) return true;
  const given = Buffer.from(passwordDigest(password), 'hex');
  let ok = false;
  for (const stored of u.passwords) ok = timingSafeEqual(given, Buffer.from(stored, 'hex')) || ok;
  return ok;
}

/** Marks c as authenticated as `user`; it leaves the unauthenticated parser limits. */
export function authenticateClient(c: Client, user: string): void {
  c.authenticated = true;
  c.user = user;
  c.parser.limits = c.server.parserLimits;
}

/** Back to the default user, authenticated only if it needs no password (connect and RESET). */
export function resetAuthentication(c: Client): void {
  c.user = 'default';
  c.authenticated = !c.server.authRequired();
  c.parser.limits = c.authenticated ? c.server.parserLimits : unauthenticatedLimits(c.server);
}

/** Parser limits for clients that have not authenticated: Redis's small request sizes while auth is required. */
export const unauthenticatedLimits = attached(
  (server: Server): ParserLimits => ({
    get maxBulkLen() {
      return server.parserLimits.maxBulkLen;
    },
    get authRequired() {
      return server.authRequired();
    },
  }),
);
