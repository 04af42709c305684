/**
 * The latency monitor's bookkeeping: the threshold, one sample per second (the maximum), the
 * all-time maximum, and the 160-sample ring. Date.now is replaced so seconds are exact.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LatencyMonitor } from '../../../src/commands/latency';
import { LatencyHistogram } from '../../../src/util/histogram';

afterEach(() => {
  vi.restoreAllMocks();
});

function at(seconds: number): void {
  vi.spyOn(Date, 'now').mockReturnValue(seconds * 1000 + 250);
}

describe('LatencyMonitor', () => {
  it('records nothing while disabled or below the threshold', () => {
    const m = new LatencyMonitor();
    m.addSampleIfNeeded('command', 500);
    m.threshold = 10;
    m.addSampleIfNeeded('command', 9.99);
    expect(m.events.size).toBe(0);
  });

  it('keeps the largest sample of a second, the all-time maximum, and 160 seconds at most', () => {
    const m = new LatencyMonitor();
    m.threshold = 1;
    at(100);
    m.addSampleIfNeeded('command', 5.7);
    m.addSampleIfNeeded('command', 12);
    m.addSampleIfNeeded('command', 3);
    at(101);
    m.addSampleIfNeeded('command', 2);
    const series = m.events.get('command')!;
    expect(series.samples).toEqual([
      { time: 100, latency: 12 },
      { time: 101, latency: 2 },
    ]);
    expect(series.max).toBe(12);
    for (let s = 102; s < 300; s++) {
      at(s);
      m.addSampleIfNeeded('command', 1);
    }
    expect(series.samples).toHaveLength(160);
    expect(series.samples[0].time).toBe(140);
    expect(series.max).toBe(12);
  });
});

describe('LATENCY HISTOGRAM steps (hdr_iter_log from 1024 ns, base 2)', () => {
  it('reports cumulative counts at the highest value equivalent to each level, skipping flat levels', () => {
    const h = new LatencyHistogram();
    for (const ns of [500, 1500, 3000, 3000, 40_000]) h.record(ns);
    expect(h.logarithmicSteps(1024)).toEqual([
      [1031, 1],
      [2063, 2],
      [4127, 4],
      [66047, 5],
    ]);
    expect(new LatencyHistogram().logarithmicSteps(1024)).toEqual([]);
  });

  it('counts a value sitting exactly in a level\'s slot at that level', () => {
    const h = new LatencyHistogram();
    h.record(1024);
    h.record(1031);
    h.record(1032);
    expect(h.logarithmicSteps(1024)).toEqual([
      [1031, 2],
      [2063, 3],
    ]);
  });
});
