/**
 * The terms p·log2 p of a histogram's Shannon entropy, p = c / n, remembered per total n: every step asks for the
 * entropy of every detector's rolling window, whose totals stay within a few hundred samples, and the logarithm was
 * the larger part of that cost. Each term is computed by the same expression as without the table, so the same bits.
 */
const MAX_TABLED_TOTAL = 4096;
const tables: (Float64Array | undefined)[] = [];

function term(c: number, n: number): number {
  const p = c / n;
  return p * Math.log2(p);
}

/** p·log2 p of a bin with count `c` (1 ≤ c) out of `n`. */
export function entropyTerm(c: number, n: number): number {
  // counts are whole numbers (samples added and removed one at a time)
  if (n > MAX_TABLED_TOTAL || c > n || c < 1) return term(c, n);
  let table = tables[n];
  if (table === undefined) {
    table = new Float64Array(n + 1).fill(Number.NaN);
    tables[n] = table;
  }
  let t = table[c]!;
  if (Number.isNaN(t)) {
    t = term(c, n);
    table[c] = t;
  }
  return t;
}
