/**
 * The latency histogram reads percentiles back as HdrHistogram does at two significant digits (the
 * values redis-server 7.0 prints in INFO latencystats for the same samples).
 */
import { describe, expect, it } from 'vitest';
import { HISTOGRAM_MAX_NS, LatencyHistogram } from '../../../src/util/histogram';

function of(values: number[]): LatencyHistogram {
  const h = new LatencyHistogram();
  for (const v of values) h.record(v);
  return h;
}

describe('LatencyHistogram', () => {
  it('answers the highest value equivalent to the sample, as Redis prints it', () => {
    // redis-server 7.0: one 8 us call reads p50=8.031, one of 0.5 us reads 0.5 exactly.
    expect(of([8000]).valueAtPercentile(50)).toBe(8031);
    expect(of([8000]).valueAtPercentile(0)).toBe(8000);
    expect(of([500]).valueAtPercentile(99)).toBe(501);
    expect(of([100]).valueAtPercentile(50)).toBe(100);
    expect(of([10158000]).valueAtPercentile(99)).toBe(10158079);
  });

  it('stays within two significant digits over the whole range', () => {
    for (let v = 1; v < HISTOGRAM_MAX_NS; v = Math.ceil(v * 1.37)) {
      const got = of([v]).valueAtPercentile(50);
      expect(got).toBeGreaterThanOrEqual(v);
      expect((got - v) / v).toBeLessThan(0.01);
    }
  });

  it('picks the sample at each percentile', () => {
    const h = of(Array.from({ length: 100 }, (_, i) => (i + 1) * 1000));
    expect(h.valueAtPercentile(50)).toBe(50175);
    expect(h.valueAtPercentile(99)).toBe(99327);
    expect(h.valueAtPercentile(100)).toBe(100351);
    expect(h.totalCount).toBe(100);
  });

  it('clamps values outside 1 ns .. 1 s and is empty at first', () => {
    expect(new LatencyHistogram().valueAtPercentile(50)).toBe(0);
    expect(of([0]).valueAtPercentile(50)).toBe(1);
    expect(of([5e9]).valueAtPercentile(50)).toBeGreaterThanOrEqual(HISTOGRAM_MAX_NS);
  });
});
