/**
 * Injectable randomness. Eviction sampling, RANDOMKEY and SPOP draw from a Random so that tests can
 * seed it; the default is a fast xorshift128+ generator seeded from Math.random.
 */
export class Random {
  private s0: number;
  private s1: number;

  constructor(seed: number = Math.floor(Math.random() * 0x7fffffff)) {
    this.s0 = (seed ^ 0x9e3779b9) | 0 || 1;
    this.s1 = (seed * 0x85ebca6b) | 0 || 2;
    for (let i = 0; i < 8; i++) this.next();
  }

  /** A uniform float in [0, 1). */
  next(): number {
    let x = this.s0;
    const y = this.s1;
    this.s0 = y;
    x ^= x << 23;
    x ^= x >>> 17;
    x ^= y ^ (y >>> 26);
    this.s1 = x;
    return ((this.s0 + this.s1) >>> 0) / 4294967296;
  }

  /** A uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
}
