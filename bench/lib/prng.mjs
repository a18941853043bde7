// A small seeded pseudo-random generator, so that every run of the benchmark makes the same data.
//
// The state is four 32-bit words advanced by xoshiro128** (Blackman and Vigna); the seed is
// spread over them with splitmix32 so that nearby seeds give unrelated streams.

/** splitmix32: one step of a 32-bit mixing function, used only to expand the seed. */
function splitmix32(state) {
  let z = (state + 0x9e3779b9) | 0;
  let x = z;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return { next: z, value: (x ^ (x >>> 16)) >>> 0 };
}

const rotl = (x, k) => (x << k) | (x >>> (32 - k));

/** A generator of uniform numbers in [0, 1), reproducible from `seed` (an integer). */
export class Prng {
  constructor(seed) {
    let state = seed | 0;
    this.s = new Uint32Array(4);
    for (let i = 0; i < 4; i++) {
      const step = splitmix32(state);
      state = step.next;
      this.s[i] = step.value;
    }
  }

  /** The next 32-bit unsigned integer (xoshiro128**). */
  nextU32() {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform in [0, 1). */
  uniform() {
    return this.nextU32() / 4294967296;
  }

  /** Uniform in [low, high). */
  between(low, high) {
    return low + (high - low) * this.uniform();
  }

  /** A standard normal deviate (Box-Muller; one of the pair is thrown away, for simplicity). */
  normal() {
    const u = 1 - this.uniform(); // (0, 1]: log(0) is avoided
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.uniform());
  }

  /** An index into `weights` (non-negative numbers), chosen in proportion to them. */
  weighted(weights, total = weights.reduce((a, b) => a + b, 0)) {
    let r = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
}
