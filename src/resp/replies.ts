/**
 * Error replies shared by many commands, worded exactly as redis-server 7.0 words them.
 */
export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const SYNTAX_ERROR = 'ERR syntax error';
export const NOT_INTEGER = 'ERR value is not an integer or out of range';
export const NOT_FLOAT = 'ERR value is not a valid float';
export const NO_SUCH_KEY = 'ERR no such key';
export const DB_INDEX_OUT_OF_RANGE = 'ERR DB index is out of range';
export const OVERFLOW = 'ERR increment or decrement would overflow';
export const INVALID_EXPIRE = (cmd: string) => `ERR invalid expire time in '${cmd}' command`;
export const NOT_POSITIVE = (what: string) => `ERR ${what} is out of range, must be positive`;

/** "ERR wrong number of arguments for 'x' command", for handlers that re-check arity. */
export function arityError(fullName: string): string {
  return `ERR wrong number of arguments for '${fullName}' command`;
}
