/**
 * The latency monitor's bookkeeping: the threshold, one sample per second (the maximum), the
 * all-time maximum, and the 160-sample ring. Date.now is replaced so seconds are exact.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LatencyMonitor } from '../../../src/commands/latency';

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
