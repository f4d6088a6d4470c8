/**
 * Disagreement with neighbours: detectors on the same link carry related flows, so the log ratio of two lanes' flows
 * has a typical value; a loop whose recent ratio strays from it by more than a factor (2 by default) disagrees.
 * Chen et al. (2003, TRR 1855) rely on the same neighbour relations to impute; PeMS flags loops that do not track
 * their neighbours. The typical ratio is learned only while the pair agrees, so a drifting loop cannot teach the
 * check to accept it.
 */
import type { QualityThresholds } from './quality.thresholds';
import { median } from './stats';

/** EWMA weight of a new agreeing pair in the typical log ratio (~ a day of 5-min pairs of memory). */
const TYPICAL_ALPHA = 0.01;
/** Recent pairs compared against the typical ratio. */
const RECENT_PAIRS = 30;

interface PairState {
  pairs: number;
  typicalLogRatio: number;
  readonly recent: number[];
  /** Median of `recent` as last computed, undefined once a ratio came since: every step asks every detector's pairs. */
  recentMedian: number | null | undefined;
}

export class NeighbourAgreementTracker {
  private readonly pairs = new Map<string, PairState>();
  /** Each detector's pairs, in the order they were first seen: `disagrees` runs for every detector in every step. */
  private readonly pairsOf = new Map<string, PairState[]>();

  constructor(private readonly t: QualityThresholds) {}

  /** One interval in which both detectors' flows were usable. */
  observe(a: string, flowA: number, b: string, flowB: number): void {
    if (a === b || flowA < this.t.neighbourMinFlowVph || flowB < this.t.neighbourMinFlowVph) return;
    const ordered = a < b;
    const first = ordered ? a : b;
    const second = ordered ? b : a;
    const r = ordered ? Math.log(flowA / flowB) : Math.log(flowB / flowA);
    const key = `${first}|${second}`;
    let st = this.pairs.get(key);
    if (!st) {
      st = { pairs: 0, typicalLogRatio: r, recent: [], recentMedian: undefined };
      this.pairs.set(key, st);
      this.link(first, second, st);
    }
    st.recent.push(r);
    st.recentMedian = undefined;
    if (st.recent.length > RECENT_PAIRS) st.recent.shift();
    const agrees = !this.pairDisagrees(st);
    if (agrees || st.pairs < this.t.neighbourMinPairs) {
      st.typicalLogRatio = st.pairs === 0 ? r : st.typicalLogRatio + Math.max(TYPICAL_ALPHA, 1 / (st.pairs + 1)) * (r - st.typicalLogRatio);
      st.pairs += 1;
    }
  }

  /**
   * Whether the detector disagrees with most of its established neighbours. With a single neighbour the pair cannot
   * say which side is wrong, and both are flagged.
   */
  disagrees(detectorId: string): boolean {
    let established = 0;
    let disagreeing = 0;
    for (const st of this.pairsOf.get(detectorId) ?? []) {
      if (st.pairs < this.t.neighbourMinPairs) continue;
      established += 1;
      if (this.pairDisagrees(st)) disagreeing += 1;
    }
    return established > 0 && disagreeing * 2 >= established + (established > 1 ? 1 : 0);
  }

  private pairDisagrees(st: PairState): boolean {
    if (st.pairs < this.t.neighbourMinPairs || st.recent.length < RECENT_PAIRS / 2) return false;
    if (st.recentMedian === undefined) st.recentMedian = median(st.recent);
    const m = st.recentMedian ?? st.typicalLogRatio;
    return Math.abs(m - st.typicalLogRatio) > Math.log(this.t.neighbourRatioFactor);
  }

  private link(a: string, b: string, st: PairState): void {
    for (const x of [a, b]) {
      const list = this.pairsOf.get(x);
      if (list) list.push(st);
      else this.pairsOf.set(x, [st]);
    }
  }
}
