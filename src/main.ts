#!/usr/bin/env node
/**
 * respkv-server [config-file] [--name value ...]: reads the configuration as redis-server does
 * (the file first, then command-line options that override it), starts the server and shuts it down
 * cleanly on SIGINT and SIGTERM.
 */
import * as fs from 'node:fs';
import { Config } from './config/config';
import { applyDirectives, commandLineToText, ConfigFileError, openError, readDirectives } from './config/file';
import { Logger } from './util/log';
import { Server, RESPKV_VERSION, REDIS_VERSION } from './server';
import { relaunchWithHeapFor, touchYoungGeneration } from './memory/heap';

function usage(): void {
  process.stderr.write(
    'Usage: respkv-server [/path/to/redis.conf] [options]\n' +
      '       respkv-server - (read config from stdin)\n' +
      '       respkv-server -v or --version\n' +
      '       respkv-server -h or --help\n\n' +
      'Examples:\n' +
      '       respkv-server (run the server with default conf)\n' +
      '       respkv-server /etc/redis/6379.conf\n' +
      '       respkv-server --port 7777\n' +
      '       respkv-server /etc/myredis.conf --loglevel verbose --maxmemory 100mb\n',
  );
}

export function loadConfig(args: readonly string[]): { config: Config; configFile?: string; ignored: string[] } {
  const config = new Config();
  let configFile: string | undefined;
  let rest = args;
  let text = '';
  if (rest.length > 0 && !rest[0].startsWith('--')) {
    const file = rest[0];
    rest = rest.slice(1);
    if (file === '-') {
      text = fs.readFileSync(0, 'latin1');
    } else {
      try {
        configFile = fs.realpathSync(file);
        text = fs.readFileSync(configFile, 'latin1');
      } catch (e) {
        throw new ConfigFileError(`Fatal error, can't open config file '${file}': ${openError(e)}`);
      }
    }
  }
  // As redis-server: the options become lines after the file's, so line numbers in errors count both.
  const directives = readDirectives(text + '\n' + commandLineToText(rest), configFile ?? process.cwd() + '/command-line');
  const ignored = applyDirectives(config, directives);
  return { config, configFile, ignored };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '-v' || args[0] === '--version') {
    process.stdout.write(`respkv server v=${RESPKV_VERSION} redis_version=${REDIS_VERSION} node=${process.version} bits=64\n`);
    return;
  }
  if (args[0] === '-h' || args[0] === '--help') {
    usage();
    process.exitCode = 1;
    return;
  }
  const log = new Logger();
  let loaded;
  try {
    loaded = loadConfig(args);
  } catch (e) {
    if (e instanceof ConfigFileError || (e as NodeJS.ErrnoException).code !== undefined) {
      process.stderr.write(`${(e as Error).message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const { config, configFile, ignored } = loaded;
  log.level = config.str('loglevel') as Logger['level'];
  try {
    log.setFile(config.str('logfile'));
  } catch (e) {
    process.stderr.write(`\n*** FATAL CONFIG FILE ERROR (respkv ${REDIS_VERSION}) ***\nCan't open the log file: ${openError(e)}\n`);
    process.exit(1);
  }
  log.warning('oO0OoO0OoO0Oo respkv is starting oO0OoO0OoO0Oo');
  log.warning(`respkv version=${RESPKV_VERSION}, redis_version=${REDIS_VERSION}, bits=64, node=${process.version}, pid=${process.pid}, just started`);
  log.warning(
    configFile
      ? `Configuration loaded from ${configFile}`
      : 'Warning: no config file specified, using the default config. In order to specify a config file use respkv-server /path/to/redis.conf',
  );
  if (ignored.length > 0) log.warning(`Accepted but not implemented by respkv (ignored): ${ignored.join(', ')}`);
  if (relaunchWithHeapFor(config.int('maxmemory'), (line) => log.warning(line))) return;
  touchYoungGeneration();
  const server = new Server({ config, configFile, log });
  const memory = server.memory;
  if (memory.heapCapped) {
    log.warning(
      `${memory.configuredMaxmemory === 0 ? 'maxmemory is not set' : `maxmemory ${memory.configuredMaxmemory} is more than the JS heap can hold`}: enforcing a limit of ${memory.maxmemory} bytes below the heap's ceiling (INFO memory: respkv_effective_maxmemory).`,
    );
  }
  if (config.int('port') === 0) {
    log.warning('Configured to not listen anywhere, exiting.');
    process.exit(1);
  }
  try {
    await server.listen();
  } catch (e) {
    log.warning((e as Error).message);
    process.exit(1);
  }
  const pidfile = config.str('pidfile');
  if (pidfile !== '') {
    try {
      fs.writeFileSync(pidfile, `${process.pid}\n`);
    } catch (e) {
      log.warning(`Failed to write PID file: ${openError(e)}`);
    }
  }
  server.start();
  log.notice(`Running mode=standalone, port=${server.boundPort()}.`);
  log.notice('Server initialized');
  log.notice('Ready to accept connections tcp');
  const stop = (signal: string) => {
    // A second SIGINT while shutting down exits at once, as redis-server does.
    if (server.shuttingDown && signal === 'SIGINT') {
      log.warning('You insist... exiting now.');
      process.exit(1);
    }
    log.warning(`Received ${signal} scheduling shutdown...`);
    void server.shutdown().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  server.onShutdown = () => process.exit(0);
}

void main();
