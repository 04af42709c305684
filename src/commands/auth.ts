/**
 * Password checks. Passwords are compared through their SHA-256 digests with a constant-time
 * comparison, so neither the content nor the length of a password leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Server } from '../server';

export const WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.';

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'latin1').digest();
}

/** Whether `password` opens `user`. The default user without requirepass accepts anything. */
export function checkPassword(server: Server, user: string, password: string): boolean {
  if (user !== 'default') return false;
  const required = server.config.str('requirepass');
  if (required === '') return true;
  return timingSafeEqual(digest(required), digest(password));
}
