/**
 * Quantiles of an unsorted array by selection (O(n)), equal to `quantile` of the array sorted by
 * `Float64Array#sort` (numeric, -0 before +0, NaN last) to the bit. A calibration needs two quantiles of each list of
 * up to a few hundred thousand residuals; sorting them was most of what a persistence refit cost.
 */

/** As `quantile(values.slice().sort(), q)`; values are reordered (not otherwise changed). */
export function quantileBySelection(values: Float64Array, q: number): number {
  return new Selection(values).quantile(q);
}

/** Selects quantiles of one array; the NaNs are moved to its end and the zeros counted once for all of them. */
export class Selection {
  /** Values that are not NaN: values[0..numbers) once made. */
  private readonly numbers: number;
  /** Values below zero and -0s: where the sort's +0s start. */
  private readonly beforePositiveZero: number;

  constructor(private readonly values: Float64Array) {
    let numbers = 0;
    let before = 0;
    for (let i = 0; i < values.length; i++) {
      const x = values[i] as number;
      if (Number.isNaN(x)) continue;
      if (x < 0 || (x === 0 && 1 / x < 0)) before += 1;
      values[i] = values[numbers] as number;
      values[numbers++] = x;
    }
    this.numbers = numbers;
    this.beforePositiveZero = before;
  }

  quantile(q: number): number {
    const length = this.values.length;
    if (length === 0) return 0;
    const pos = q * (length - 1);
    const i = Math.floor(pos);
    const a = this.at(i, select(this.values, i, this.numbers));
    // after selecting i, everything after it is not smaller: the next order statistic is their minimum
    const b = i + 1 < length ? this.at(i + 1, this.smallestFrom(i + 1)) : a;
    return a + (b - a) * (pos - i);
  }

  /** The sorted array's value at k, given the value selection found there (NaN past the numbers). */
  private at(k: number, x: number): number {
    if (k >= this.numbers) return NaN;
    // selection cannot tell -0 from +0; the sort puts every -0 before every +0
    return x === 0 ? (k < this.beforePositiveZero ? -0 : 0) : x;
  }

  private smallestFrom(from: number): number {
    let min = Infinity;
    for (let j = from; j < this.numbers; j++) if ((this.values[j] as number) < min) min = this.values[j] as number;
    return min;
  }
}

/** Reorders values[0..length) so that values[k] is the k-th smallest (no NaN among them); returns it. */
function select(values: Float64Array, k: number, length: number): number {
  if (k >= length) return NaN;
  let lo = 0;
  let hi = length - 1;
  while (hi > lo) {
    const pivot = medianOfThree(values[lo] as number, values[(lo + hi) >>> 1] as number, values[hi] as number);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i++] = values[j] as number;
        values[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k] as number;
}

function medianOfThree(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
}
