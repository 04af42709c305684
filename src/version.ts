/**
 * Version numbers, in a module of their own so that anything can import them without pulling in
 * the server (and through it the whole command table).
 */
export const RESPKV_VERSION = '0.1.0';
/** The redis-server release whose behaviour respkv reproduces; INFO and HELLO report it. */
export const REDIS_VERSION = '7.0.15';
