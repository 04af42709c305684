/**
 * Redis-style log lines: `pid:M 22 Nov 2026 10:00:00.123 * message`, where the mark is `.` debug,
 * `-` verbose, `*` notice and `#` warning. Lines below the configured loglevel are dropped; the
 * output goes to stdout or to the logfile.
 */
import * as fs from 'node:fs';

export type LogLevel = 'debug' | 'verbose' | 'notice' | 'warning' | 'nothing';

const RANK: Record<LogLevel, number> = { debug: 0, verbose: 1, notice: 2, warning: 3, nothing: 4 };
const MARK: Record<LogLevel, string> = { debug: '.', verbose: '-', notice: '*', warning: '#', nothing: '' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export class Logger {
  level: LogLevel = 'notice';
  private fd = 1;

  setFile(file: string): void {
    this.fd = file === '' ? 1 : fs.openSync(file, 'a');
  }

  log(level: LogLevel, message: string): void {
    if (RANK[level] < RANK[this.level] || level === 'nothing') return;
    const d = new Date();
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    const stamp = `${pad(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
    try {
      fs.writeSync(this.fd, `${process.pid}:M ${stamp} ${MARK[level]} ${message}\n`);
    } catch {
      // A closed stdout must not take the server down.
    }
  }

  notice(message: string): void {
    this.log('notice', message);
  }

  warning(message: string): void {
    this.log('warning', message);
  }

  verbose(message: string): void {
    this.log('verbose', message);
  }
}
