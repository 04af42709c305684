/**
 * INFO's text computed from a server in this process with an injected clock: section selection
 * (default, all, everything, names in any case, unknown names), the text's framing, and keyspace
 * figures (keys, expires, avg_ttl from the remaining TTLs).
 */
import { describe, expect, it } from 'vitest';
import { genRedisInfoString, INFO_SECTIONS, selectSections } from '../../../src/commands/info';
import { Server } from '../../../src/server';
import { Clock } from '../../../src/util/clock';
import { Logger } from '../../../src/util/log';

const names = (args: string[]) => selectSections(args).map((s) => s.name);

describe('INFO sections', () => {
  it('selects the default sections without arguments and with default', () => {
    const defaults = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'errorstats', 'cluster', 'keyspace'];
    expect(names([])).toEqual(defaults);
    expect(names(['DEFAULT'])).toEqual(defaults);
  });

  it('selects every section for all and everything, in Redis order', () => {
    expect(names(['all'])).toEqual(INFO_SECTIONS.map((s) => s.name));
    expect(names(['Everything'])).toContain('commandstats');
    expect(names(['everything'])).toContain('latencystats');
  });

  it('selects named sections in Redis order, ignoring unknown names', () => {
    expect(names(['keyspace', 'SERVER', 'nosuch'])).toEqual(['server', 'keyspace']);
    expect(names(['nosuch'])).toEqual([]);
    expect(names(['default', 'commandstats'])).toContain('commandstats');
  });
});

describe('INFO text', () => {
  const now = 1_700_000_000_000;
  const log = new Logger();
  log.level = 'nothing';
  const server = new Server({ log, clock: new Clock(() => now) });

  it('frames sections with headers, CRLF lines and a blank line between sections', () => {
    const text = genRedisInfoString(server, selectSections(['cluster', 'modules']));
    expect(text).toBe('# Modules\r\n\r\n# Cluster\r\ncluster_enabled:0\r\n');
    expect(genRedisInfoString(server, [])).toBe('');
  });

  it('reports keys, expires and the average remaining TTL per database', () => {
    const db = server.keyspace.dbs[3];
    db.setExpire(db.add('a', 'x'), now + 10_000);
    db.setExpire(db.add('b', 'y'), now + 30_000);
    db.add('c', 'z');
    expect(genRedisInfoString(server, selectSections(['keyspace']))).toBe('# Keyspace\r\ndb3:keys=3,expires=2,avg_ttl=20000\r\n');
  });

  it('reports the server it runs in', () => {
    const text = genRedisInfoString(server, selectSections(['server']));
    expect(text).toContain(`\r\nprocess_id:${process.pid}\r\n`);
    expect(text).toContain(`\r\nrun_id:${server.runId}\r\n`);
    expect(text).toContain(`\r\nlru_clock:${Math.floor(now / 1000) & ((1 << 24) - 1)}\r\n`);
  });
});
