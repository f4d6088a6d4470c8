/**
 * Streaming quantile in constant memory: the P² algorithm (Jain & Chlamtac 1985, "The P² algorithm for dynamic
 * calculation of quantiles and histograms without storing observations", CACM 28(10)). Five markers track the
 * minimum, p/2, p, (1+p)/2 quantiles and maximum, adjusted by piecewise-parabolic interpolation.
 */
export class P2QuantileEstimator {
  private readonly q: number[] = [];
  private readonly n = [1, 2, 3, 4, 5];
  private readonly desired: number[];
  private readonly step: number[];
  private seen = 0;

  constructor(readonly p: number) {
    if (!(p > 0 && p < 1)) throw new RangeError(`quantile must be in (0, 1), got ${p}`);
    this.desired = [1, 1 + 2 * p, 1 + 4 * p, 3 + 2 * p, 5];
    this.step = [0, p / 2, p, (1 + p) / 2, 1];
  }

  get count(): number {
    return this.seen;
  }

  add(x: number): void {
    if (!Number.isFinite(x)) return;
    this.seen += 1;
    if (this.seen <= 5) {
      this.q.push(x);
      this.q.sort((a, b) => a - b);
      return;
    }
    const q = this.q as [number, number, number, number, number];
    const n = this.n;
    let k: number;
    if (x < q[0]) {
      q[0] = x;
      k = 0;
    } else if (x >= q[4]) {
      q[4] = x;
      k = 3;
    } else {
      k = 0;
      while (k < 3 && x >= q[k + 1]!) k += 1;
    }
    for (let i = k + 1; i < 5; i += 1) n[i]! += 1;
    for (let i = 0; i < 5; i += 1) this.desired[i]! += this.step[i]!;
    for (let i = 1; i <= 3; i += 1) {
      const d = this.desired[i]! - n[i]!;
      if ((d >= 1 && n[i + 1]! - n[i]! > 1) || (d <= -1 && n[i - 1]! - n[i]! < -1)) {
        const s = Math.sign(d);
        const candidate = this.parabolic(i, s);
        q[i] = q[i - 1]! < candidate && candidate < q[i + 1]! ? candidate : this.linear(i, s);
        n[i]! += s;
      }
    }
  }

  /** The current estimate; `null` before the first observation; exact (nearest rank) for fewer than five. */
  value(): number | null {
    if (this.seen === 0) return null;
    if (this.seen < 5) {
      const index = Math.min(this.q.length - 1, Math.max(0, Math.ceil(this.p * this.q.length) - 1));
      return this.q[index]!;
    }
    return this.q[2]!;
  }

  private parabolic(i: number, d: number): number {
    const q = this.q;
    const n = this.n;
    return (
      q[i]! +
      (d / (n[i + 1]! - n[i - 1]!)) *
        ((n[i]! - n[i - 1]! + d) * ((q[i + 1]! - q[i]!) / (n[i + 1]! - n[i]!)) + (n[i + 1]! - n[i]! - d) * ((q[i]! - q[i - 1]!) / (n[i]! - n[i - 1]!)))
    );
  }

  private linear(i: number, d: number): number {
    return this.q[i]! + (d * (this.q[i + d]! - this.q[i]!)) / (this.n[i + d]! - this.n[i]!);
  }
}
