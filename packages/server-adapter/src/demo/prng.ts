/**
 * A small seeded pseudo-random generator (sfc32, 128-bit state) and the helpers the demo generator draws from.
 * Everything in the demo data comes from here, never from `Math.random` or the clock, so one seed gives
 * byte-identical output on every run and every Node version.
 *
 * Why not mulberry32: its state is a 32-bit counter, so every seed is an offset into ONE cycle of 2^32 values and
 * thousands of per-shopper streams of thousands of draws each overlap (two shoppers would replay each other's
 * choices and ids). sfc32 streams seeded with 128 bits do not meet in practice.
 */

/** Mixes a numeric seed and a label into a 32-bit seed (FNV-1a over the label, then a murmur-style finaliser). */
export function deriveSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** A deterministic random source: sfc32 plus the draws the generator needs. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A generator for `seed`; `label` picks an independent stream of the same seed. */
  constructor(seed: number, label = '') {
    this.a = deriveSeed(seed, `${label}#a`);
    this.b = deriveSeed(seed, `${label}#b`);
    this.c = deriveSeed(seed, `${label}#c`);
    this.d = deriveSeed(seed, `${label}#d`);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A float in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** An index drawn with probability proportional to `weights[i]` (all ≥ 0, at least one > 0). */
  weighted(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i];
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** A standard Gumbel draw: adding it to utilities and taking the argmax samples a softmax choice. */
  gumbel(): number {
    return -Math.log(-Math.log(this.next() * 0.999998 + 0.000001));
  }

  /** A standard normal draw (Box–Muller). */
  normal(): number {
    const u = this.next() * 0.999998 + 0.000001;
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** `count` lower-case hex digits. */
  hex(count: number): string {
    let out = '';
    while (out.length < count) {
      const chunk = Math.min(8, count - out.length);
      out += Math.floor(this.next() * 16 ** chunk).toString(16).padStart(chunk, '0');
    }
    return out;
  }

  /**
   * An id of `count` hex digits where every sixth is a letter, so no long run of digits can be mistaken for a
   * card number by the SDK's personal-data check.
   */
  token(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += i % 6 === 5 ? HEX[10 + this.int(6)] : HEX[this.int(16)];
    return out;
  }
}

const HEX = '0123456789abcdef';

/**
 * A UUIDv7 for the millisecond `ms`: the 48-bit timestamp, version 7, the RFC 4122 variant and 74 bits from `rng`.
 * Time-ordered like the SDK's own ids, but reproducible.
 */
export function uuidv7At(ms: number, rng: Random): string {
  const time = Math.floor(ms).toString(16).padStart(12, '0');
  const variant = HEX[8 + rng.int(4)];
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${rng.hex(3)}-${variant}${rng.hex(3)}-${rng.hex(12)}`;
}
