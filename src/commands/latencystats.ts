/**
 * Per-command latency tracking for INFO latencystats (Redis's latency-tracking): each command's
 * handler time goes into its own histogram, created on the command's first call, and INFO prints
 * the percentiles latency-tracking-info-percentiles asks for. Commands belong to one server's
 * table, so keying the histograms by command keeps servers apart.
 */
import type { Server } from '../server';
import type { Command } from './types';
import { LatencyHistogram } from '../util/histogram';

/** latency-tracking; set by its config hook. */
export const latencyTracking = { enabled: true };

const histograms = new WeakMap<Command, LatencyHistogram>();

/** Records one call's duration, in microseconds (the histograms count nanoseconds, as Redis's). */
export function recordCommandLatency(cmd: Command, usec: number): void {
  let h = histograms.get(cmd);
  if (h === undefined) {
    h = new LatencyHistogram();
    histograms.set(cmd, h);
  }
  h.record(usec * 1000);
}

/** The command's histogram, or undefined before its first tracked call (LATENCY HISTOGRAM). */
export function commandLatencyHistogram(cmd: Command): LatencyHistogram | undefined {
  return histograms.get(cmd);
}

/** CONFIG RESETSTAT forgets every histogram. */
export function resetCommandLatency(server: Server): void {
  for (const cmd of server.commands.all()) histograms.delete(cmd);
}

/** latency_percentiles_usec_<command>:p50=...,p99=... for every command with a histogram. */
export function latencystatsFields(server: Server): Array<[string, string]> {
  const percentiles = server.config
    .str('latency-tracking-info-percentiles')
    .split(' ')
    .filter((p) => p !== '')
    .map(Number);
  const out: Array<[string, string]> = [];
  if (percentiles.length === 0) return out;
  for (const cmd of server.commands.all()) {
    const h = histograms.get(cmd);
    if (h === undefined) continue;
    const values = percentiles.map((p) => `p${formatPercentile(p)}=${(h.valueAtPercentile(p) / 1000).toFixed(3)}`);
    out.push([`latency_percentiles_usec_${cmd.fullName}`, values.join(',')]);
  }
  return out;
}

/** Redis prints a percentile with %f then trims trailing zeros and the point (50, 99.9). */
export function formatPercentile(p: number): string {
  return p.toFixed(6).replace(/\.?0+$/, '');
}

/** latency-tracking-info-percentiles: space-separated numbers in [0, 100], with Redis's errors. */
export function checkPercentiles(text: string): { error: string } | { value: string } {
  const parts = text.split(' ').filter((p) => p !== '');
  for (const p of parts) {
    const n = Number(p);
    if (p.trim() === '' || Number.isNaN(n)) return { error: 'Invalid latency-tracking-info-percentiles parameters' };
    if (n < 0 || n > 100) return { error: 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]' };
  }
  return { value: parts.map((p) => formatPercentile(Number(p))).join(' ') };
}
