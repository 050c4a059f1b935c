/**
 * Stable argsort of a Float64Array in O(n): an LSD radix sort on the IEEE-754 bits (four
 * 16-bit passes). rdrobust sorts the running variable with R's order(), which is stable, and
 * the nearest-neighbour variance and rdplot's spacings depend on the order of tied values, so
 * ties must keep their row order. A comparison sort of 1e6 doubles takes ~0.6 s in V8; this
 * takes a tenth of that. NaN must be removed beforehand.
 */
export function stableArgsort(values: Float64Array): Uint32Array {
  const n = values.length;
  // Map each double to an unsigned 64-bit key (hi, lo) whose unsigned order is the numeric
  // order: flip the sign bit of non-negatives, flip all bits of negatives. -0 and 0 compare
  // equal in R, so -0 is normalised to 0 first.
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const buf = new Float64Array(1);
  const words = new Uint32Array(buf.buffer);
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const iHi = little ? 1 : 0;
  const iLo = little ? 0 : 1;
  for (let i = 0; i < n; i++) {
    buf[0] = values[i] === 0 ? 0 : values[i];
    const h = words[iHi];
    const l = words[iLo];
    if (h & 0x80000000) {
      hi[i] = ~h >>> 0;
      lo[i] = ~l >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = l;
    }
  }
  let idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let tmp = new Uint32Array(n);
  const count = new Uint32Array(65536);
  const passes: Array<[Uint32Array, number]> = [
    [lo, 0],
    [lo, 16],
    [hi, 0],
    [hi, 16],
  ];
  for (const [word, shift] of passes) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(word[i] >>> shift) & 0xffff]++;
    // Skip a pass where every key has the same digit (common for the low bits of integers).
    let single = false;
    for (let d = 0; d < 65536; d++) {
      if (count[d] === n) single = true;
      if (count[d] !== 0) break;
    }
    if (single) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const j = idx[i];
      tmp[count[(word[j] >>> shift) & 0xffff]++] = j;
    }
    const t = idx;
    idx = tmp;
    tmp = t;
  }
  return idx;
}
