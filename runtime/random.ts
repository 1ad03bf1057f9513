// Reproducible randomness. Every random op draws from its own stream, seeded by a hash of the
// run's seed, the training step and the node's stable key (compiler/ir/types.ts `IrNode.key`),
// so a run reproduces exactly and no draw depends on the order in which nodes are evaluated.
// Initialisers use the same scheme keyed by the parameter's name.
//
// Generator: xoshiro128** (Blackman & Vigna), 32-bit, seeded through splitmix32 from a 53-bit
// string hash (cyrb53). Fast in JavaScript (Math.imul) and statistically sound for sampling.

/** cyrb53: a fast 53-bit string hash, returned as two 32-bit halves. */
function hash53(text: string, seed: number): [number, number] {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class RandomStream {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | undefined;

  /** A stream for `key` (a node key, or `init:NAME`) in the run with this seed, at this step. */
  constructor(seed: number, step: number, key: string) {
    const [h1, h2] = hash53(`${step}|${key}`, seed >>> 0);
    const sm = splitmix32(h1 ^ Math.imul(h2, 0x27d4eb2d) ^ (Math.floor(seed / 4294967296) >>> 0));
    this.a = sm();
    this.b = sm();
    this.c = sm();
    this.d = sm();
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** n draws from U[0, 1). */
  uniform(n: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.next();
    return out;
  }

  /** One draw from N(0, 1) (Box–Muller; the second value of each pair is kept for the next call). */
  normalOne(): number {
    if (this.spareNormal !== undefined) {
      const v = this.spareNormal;
      this.spareNormal = undefined;
      return v;
    }
    let u = this.next();
    while (u <= 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** n draws from N(0, 1). */
  normal(n: number): Float32Array {
    const out = new Float32Array(n);
    this.fillNormal(out, 0, 1, Infinity);
    return out;
  }

  /**
   * Fills `out` with draws from N(mean, std²), redrawing any beyond `bound` standard deviations.
   * The hot loop of initialising a large model: the generator's state lives in locals and the
   * normals come from Marsaglia's polar method (no trigonometry), about 10× faster than
   * calling normalOne per element.
   */
  fillNormal(out: Float32Array | Int32Array | Uint8Array, mean: number, std: number, bound: number): void {
    let a = this.a | 0;
    let b = this.b | 0;
    let c = this.c | 0;
    let d = this.d | 0;
    let i = 0;
    const n = out.length;
    const scale = 2 / 4294967296;
    let u = 0;
    let v = 0;
    while (i < n) {
      // Two steps of xoshiro128**, inlined: a closure over these locals is several times slower.
      for (let step = 0; step < 2; step++) {
        const r = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
        const t = b << 9;
        c ^= a;
        d ^= b;
        b ^= c;
        a ^= d;
        c ^= t;
        d = (d << 11) | (d >>> 21);
        u = v;
        v = r * scale - 1;
      }
      const s = u * u + v * v;
      if (s >= 1 || s === 0) continue;
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      const z1 = u * f;
      const z2 = v * f;
      if (z1 <= bound && z1 >= -bound) out[i++] = mean + std * z1;
      if (i < n && z2 <= bound && z2 >= -bound) out[i++] = mean + std * z2;
    }
    this.a = a >>> 0;
    this.b = b >>> 0;
    this.c = c >>> 0;
    this.d = d >>> 0;
  }

  /**
   * n multipliers for dropout: 1/(1 − p) with probability 1 − p, else 0 (one uniform draw each,
   * so a kept element is exactly where the draw is at least p).
   */
  keepMask(n: number, p: number): Float32Array {
    const out = new Float32Array(n);
    const scale = 1 / (1 - p);
    for (let i = 0; i < n; i++) out[i] = this.next() >= p ? scale : 0;
    return out;
  }

  /** A uniform integer in [low, high). */
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low));
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
