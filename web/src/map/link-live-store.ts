/**
 * Latest link estimates (TTI, GB/T 33171 level, speed) and predicted levels per horizon, from the live `estimates`
 * and `predictions` messages, or from a replay. Like the LiveStore, changes are committed in batches (by default in
 * the same task as the LiveStore's), so 5,000 links arriving in one message cost one round of map feature-state writes.
 */
import type { EstimatesMessage, LinkLive, LinkPredictionLive, PredictionsMessage, ServerMessage } from '@arterial/contracts/live/v1';
import { liveCommitScheduler, type FrameScheduler } from '../live/commit-scheduler';

export interface LinkChanges {
  /** Everything was replaced (a replay jump): readers refresh all links. */
  reset: boolean;
  estimates: ReadonlySet<string>;
  predictions: ReadonlySet<string>;
}

type Listener = (changes: LinkChanges) => void;

export class LinkLiveStore {
  private estimates = new Map<string, LinkLive>();
  private predictions = new Map<string, LinkPredictionLive>();
  private estimatedAt: number | null = null;
  private predictedAt: number | null = null;
  private pendingReset = false;
  private readonly pendingEstimates = new Map<string, LinkLive>();
  private readonly pendingPredictions = new Map<string, LinkPredictionLive>();
  private frame: number | null = null;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly scheduler: FrameScheduler = liveCommitScheduler) {}

  /** Takes the messages it knows and ignores the rest, so it can listen to the whole feed. */
  apply(message: ServerMessage): void {
    if (message.type === 'estimates') this.applyEstimates(message);
    else if (message.type === 'predictions') this.applyPredictions(message);
  }

  /** Replaces everything at once (replay): links absent from `estimates` have no estimate. */
  replace(estimates: readonly LinkLive[], predictions: readonly LinkPredictionLive[], ts: number | null): void {
    this.pendingReset = true;
    this.pendingEstimates.clear();
    this.pendingPredictions.clear();
    for (const link of estimates) this.pendingEstimates.set(link.id, link);
    for (const link of predictions) this.pendingPredictions.set(link.id, link);
    this.estimatedAt = ts;
    this.predictedAt = ts;
    this.schedule();
  }

  commit(): void {
    this.frame = null;
    const reset = this.pendingReset;
    if (reset) {
      this.estimates = new Map();
      this.predictions = new Map();
    }
    const estimates = new Set(this.pendingEstimates.keys());
    const predictions = new Set(this.pendingPredictions.keys());
    for (const [id, value] of this.pendingEstimates) this.estimates.set(id, value);
    for (const [id, value] of this.pendingPredictions) this.predictions.set(id, value);
    this.pendingReset = false;
    this.pendingEstimates.clear();
    this.pendingPredictions.clear();
    if (!reset && estimates.size === 0 && predictions.size === 0) return;
    const changes: LinkChanges = { reset, estimates, predictions };
    for (const listener of [...this.listeners]) listener(changes);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  estimate(id: string): LinkLive | undefined {
    return this.estimates.get(id);
  }

  prediction(id: string): LinkPredictionLive | undefined {
    return this.predictions.get(id);
  }

  /** End of the latest estimated interval, epoch ms. */
  estimateTime(): number | null {
    return this.estimatedAt;
  }

  predictionTime(): number | null {
    return this.predictedAt;
  }

  dispose(): void {
    if (this.frame !== null) this.scheduler.cancel(this.frame);
    this.frame = null;
    this.listeners.clear();
  }

  private applyEstimates(message: EstimatesMessage): void {
    for (const link of message.links) this.pendingEstimates.set(link.id, link);
    this.estimatedAt = message.ts;
    this.schedule();
  }

  private applyPredictions(message: PredictionsMessage): void {
    for (const link of message.links) this.pendingPredictions.set(link.id, link);
    this.predictedAt = message.ts;
    this.schedule();
  }

  private schedule(): void {
    if (this.frame === null) this.frame = this.scheduler.request(() => this.commit());
  }
}
