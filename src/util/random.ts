/**
 * Injectable randomness. Eviction sampling, RANDOMKEY and SPOP draw from a Random so that tests can
 * seed it; the default is a fast sfc32 generator seeded from Math.random.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number = Math.floor(Math.random() * 0x7fffffff)) {
    this.a = seed ^ 0x9e3779b9;
    this.b = Math.imul(seed, 0x85ebca6b);
    this.c = Math.imul(seed ^ 0x5bd1e995, 0xc2b2ae35);
    this.d = 1;
    for (let i = 0; i < 15; i++) this.next();
  }

  /**
   * A uniform float in [0, 1), from 32 random bits (sfc32: 128 bits of 32-bit state, period at
   * least 2^32, passes PractRand; a 64-bit generator such as xorshift128+ squeezed into 32-bit
   * words does not, and repeats after a few thousand draws).
   */
  next(): number {
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** A uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
}
