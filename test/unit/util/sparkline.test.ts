/**
 * Sparklines as redis-server 7.0 draws them for LATENCY GRAPH; the expected drawings were printed
 * by a real redis-server for the same samples.
 */
import { describe, expect, it } from 'vitest';
import { renderSparkline } from '../../../src/util/sparkline';

describe('renderSparkline', () => {
  it('draws two samples of 30 and 50 ms as Redis does, with vertical labels', () => {
    const drawing = renderSparkline(
      [
        { value: 30, label: '2s' },
        { value: 50, label: '0s' },
      ],
      80,
      4,
    );
    expect(drawing).toBe(' #\n |\n |\n_|\n  \n20\nss\n');
  });

  it('draws a single sample as a floor mark', () => {
    expect(renderSparkline([{ value: 7, label: '5m' }], 80, 4)).toBe(' \n \n \n_\n \n5\nm\n');
  });

  it('uses every step between the minimum and the maximum', () => {
    const samples = Array.from({ length: 13 }, (_, i) => ({ value: i, label: '' }));
    // Steps 0..11 (the maximum clamps to the last step): three per row, '|' under each mark.
    expect(renderSparkline(samples, 80, 4)).toBe('         _o##\n      _o#||||\n   _o#|||||||\n_o#||||||||||\n');
  });

  it('splits sequences longer than the width into blocks', () => {
    const samples = Array.from({ length: 3 }, (_, i) => ({ value: i, label: '' }));
    expect(renderSparkline(samples, 2, 1)).toBe('_o\n\n#\n');
  });
});
