/**
 * Solves A x = b for a symmetric positive-definite A (row-major, dim × dim) by Cholesky factorisation. Ridge
 * systems here are at most a few dozen unknowns, so a dependency would buy nothing.
 */
export function solveSpd(a: Float64Array, b: Float64Array, dim: number, out = new Float64Array(dim)): Float64Array {
  const l = new Float64Array(dim * dim);
  // A tiny diagonal jitter rescues systems that are positive semi-definite to rounding error.
  let jitter = 0;
  for (let attempt = 0; attempt < 6; attempt++) {
    if (factor(a, l, dim, jitter)) return substitute(l, b, dim, out);
    jitter = jitter === 0 ? 1e-10 * (trace(a, dim) / dim || 1) : jitter * 100;
  }
  throw new Error('matrix is not positive definite');
}

function trace(a: Float64Array, dim: number): number {
  let t = 0;
  for (let i = 0; i < dim; i++) t += a[i * dim + i] as number;
  return Math.abs(t);
}

function factor(a: Float64Array, l: Float64Array, dim: number, jitter: number): boolean {
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j <= i; j++) {
      let s = (a[i * dim + j] as number) + (i === j ? jitter : 0);
      for (let k = 0; k < j; k++) s -= (l[i * dim + k] as number) * (l[j * dim + k] as number);
      if (i === j) {
        if (!(s > 0)) return false;
        l[i * dim + i] = Math.sqrt(s);
      } else {
        l[i * dim + j] = s / (l[j * dim + j] as number);
      }
    }
  }
  return true;
}

function substitute(l: Float64Array, b: Float64Array, dim: number, out: Float64Array): Float64Array {
  for (let i = 0; i < dim; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * dim + k] as number) * (out[k] as number);
    out[i] = s / (l[i * dim + i] as number);
  }
  for (let i = dim - 1; i >= 0; i--) {
    let s = out[i] as number;
    for (let k = i + 1; k < dim; k++) s -= (l[k * dim + i] as number) * (out[k] as number);
    out[i] = s / (l[i * dim + i] as number);
  }
  return out;
}
