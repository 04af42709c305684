/**
 * A latency histogram with HdrHistogram's layout, as Redis keeps one per command for INFO
 * latencystats: values in nanoseconds from 1 ns to 1 s at two significant digits. Bucket b holds
 * 128 sub-buckets of width 2^b (the first bucket 256 of width 1), so a value is found with one
 * count-leading-zeros and a shift, and a percentile reads back as the highest value equivalent to
 * its sub-bucket, exactly as hdr_value_at_percentile answers.
 */

/** Redis's LATENCY_HISTOGRAM_MIN_VALUE and CONFIG_LATENCY_HISTOGRAM_MAX_VALUE, nanoseconds. */
export const HISTOGRAM_MIN_NS = 1;
export const HISTOGRAM_MAX_NS = 1_000_000_000;

/** Two significant digits: 2 * 10^2 rounded up to a power of two. */
const SUB_BUCKET_COUNT = 256;
const SUB_BUCKET_HALF_MAGNITUDE = 7;
const SUB_BUCKET_HALF = 1 << SUB_BUCKET_HALF_MAGNITUDE;
const SUB_BUCKET_MASK = SUB_BUCKET_COUNT - 1;
/** Buckets needed so that 256 << (buckets - 1) exceeds the maximum. */
const BUCKET_COUNT = 23;
const COUNTS_LENGTH = (BUCKET_COUNT + 1) * SUB_BUCKET_HALF;

function bucketIndex(v: number): number {
  return 31 - Math.clz32(v | SUB_BUCKET_MASK) - SUB_BUCKET_HALF_MAGNITUDE;
}

/** The lowest value a slot of the counts array holds. */
function valueAtIndex(i: number): number {
  if (i < SUB_BUCKET_COUNT) return i;
  const b = (i >> SUB_BUCKET_HALF_MAGNITUDE) - 1;
  return ((i & (SUB_BUCKET_HALF - 1)) + SUB_BUCKET_HALF) * 2 ** b;
}

export class LatencyHistogram {
  private readonly counts = new Uint32Array(COUNTS_LENGTH);
  totalCount = 0;

  /** Records one value, in nanoseconds; values outside 1 ns .. 1 s are clamped, as Redis does. */
  record(ns: number): void {
    const v = Math.min(Math.max(Math.round(ns), HISTOGRAM_MIN_NS), HISTOGRAM_MAX_NS);
    const b = bucketIndex(v);
    const sub = v >>> b;
    this.counts[((b + 1) << SUB_BUCKET_HALF_MAGNITUDE) + sub - SUB_BUCKET_HALF]++;
    this.totalCount++;
  }

  /**
   * hdr_iter_log from `firstNs` by factor 2, as LATENCY HISTOGRAM walks it: at each level, the
   * highest value equivalent to the first recorded slot at or above the level, in ns, and the count
   * of values up to that slot. Levels whose count did not grow are left out; ends with the total.
   */
  logarithmicSteps(firstNs: number): Array<[highestNs: number, cumulative: number]> {
    const out: Array<[number, number]> = [];
    let cumulative = 0;
    let i = 0;
    for (let level = firstNs; cumulative < this.totalCount && i < COUNTS_LENGTH; level *= 2) {
      const b = bucketIndex(level);
      const lowest = (level >>> b) << b;
      while (i < COUNTS_LENGTH && valueAtIndex(i) < lowest) cumulative += this.counts[i++];
      if (i === COUNTS_LENGTH) break;
      const before = out.length === 0 ? 0 : out[out.length - 1][1];
      cumulative += this.counts[i];
      const slotWidth = i < SUB_BUCKET_COUNT ? 1 : 2 ** ((i >> SUB_BUCKET_HALF_MAGNITUDE) - 1);
      if (cumulative > before) out.push([valueAtIndex(i) + slotWidth - 1, cumulative]);
      i++;
    }
    return out;
  }

  /** hdr_value_at_percentile: the highest value equivalent to the one at the percentile, in ns. */
  valueAtPercentile(percentile: number): number {
    if (this.totalCount === 0) return 0;
    const wanted = Math.max(1, Math.floor((Math.min(percentile, 100) / 100) * this.totalCount + 0.5));
    let seen = 0;
    for (let i = 0; i < COUNTS_LENGTH; i++) {
      seen += this.counts[i];
      if (seen >= wanted) {
        const b = Math.max(0, (i >> SUB_BUCKET_HALF_MAGNITUDE) - 1);
        const sub = i < SUB_BUCKET_COUNT ? i : (i & (SUB_BUCKET_HALF - 1)) + SUB_BUCKET_HALF;
        const lowest = sub * 2 ** b;
        return percentile === 0 ? lowest : lowest + 2 ** b - 1;
      }
    }
    return HISTOGRAM_MAX_NS;
  }
}
