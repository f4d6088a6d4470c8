/**
 * Latest live state in the browser. Messages are merged into a pending set as they arrive and committed at
 * most once per animation frame, so a burst of deltas costs one React render and one round of map
 * feature-state updates, and readers never see a half-applied frame.
 */
import type { DetectorLive, IngestCounters, IntersectionLive, ServerMessage } from '../api/types';

export interface LiveChanges {
  /** A snapshot replaced everything: readers should refresh all they show. */
  reset: boolean;
  detectors: ReadonlySet<string>;
  intersections: ReadonlySet<string>;
  counters: boolean;
}

export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

export const animationFrameScheduler: FrameScheduler = {
  request: (callback) => window.requestAnimationFrame(callback),
  cancel: (handle) => window.cancelAnimationFrame(handle),
};

type Listener = (changes: LiveChanges) => void;

export class LiveStore {
  private detectors = new Map<string, DetectorLive>();
  private intersections = new Map<string, IntersectionLive>();
  private counters: IngestCounters | null = null;
  private serverTime: number | null = null;
  private version = 0;

  private pendingReset = false;
  private readonly pendingDetectors = new Map<string, DetectorLive>();
  private readonly pendingIntersections = new Map<string, IntersectionLive>();
  private pendingCounters: IngestCounters | null = null;
  private pendingServerTime: number | null = null;
  private frame: number | null = null;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly scheduler: FrameScheduler = animationFrameScheduler) {}

  apply(message: ServerMessage): void {
    switch (message.type) {
      case 'snapshot':
        this.pendingReset = true;
        this.pendingDetectors.clear();
        this.pendingIntersections.clear();
        this.merge(message.detectors, message.intersections);
        this.pendingCounters = message.counters;
        break;
      case 'delta':
        this.merge(message.detectors, message.intersections);
        break;
      case 'counters':
        this.pendingCounters = message.counters;
        break;
      case 'alerts':
        // The map has no alert layer yet; alerts reach operators through GET /api/alerts until it does.
        return;
      case 'estimates':
      case 'kpis':
        // No link-level or KPI view in the app yet; the messages are ignored until one exists (GET /api/kpis, /api/links/{id}/estimate).
        return;
      case 'predictions':
        // No forecast view in the app yet (GET /api/links/{id}/prediction answers meanwhile).
        return;
      case 'control':
      case 'overrides':
        // No override panel in the app yet (GET /api/audit and /api/intersections/{id}/overrides answer meanwhile).
        return;
      default: {
        const unhandled: never = message;
        return unhandled;
      }
    }
    this.pendingServerTime = message.serverTime;
    if (this.frame === null) this.frame = this.scheduler.request(() => this.commit());
  }

  /** Commits pending changes now; the frame scheduler calls this, tests may too. */
  commit(): void {
    this.frame = null;
    const reset = this.pendingReset;
    if (reset) {
      this.detectors = new Map();
      this.intersections = new Map();
    }
    const detectorIds = new Set(this.pendingDetectors.keys());
    const intersectionIds = new Set(this.pendingIntersections.keys());
    for (const [id, value] of this.pendingDetectors) this.detectors.set(id, value);
    for (const [id, value] of this.pendingIntersections) this.intersections.set(id, value);
    const countersChanged = this.pendingCounters !== null;
    if (this.pendingCounters !== null) this.counters = this.pendingCounters;
    if (this.pendingServerTime !== null) this.serverTime = this.pendingServerTime;
    this.pendingReset = false;
    this.pendingDetectors.clear();
    this.pendingIntersections.clear();
    this.pendingCounters = null;
    this.pendingServerTime = null;
    if (!reset && detectorIds.size === 0 && intersectionIds.size === 0 && !countersChanged) return;
    this.version += 1;
    const changes: LiveChanges = { reset, detectors: detectorIds, intersections: intersectionIds, counters: countersChanged };
    for (const listener of [...this.listeners]) listener(changes);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Increments on every commit; a cheap snapshot for `useSyncExternalStore`. */
  getVersion(): number {
    return this.version;
  }

  detector(id: string): DetectorLive | undefined {
    return this.detectors.get(id);
  }

  intersection(id: string): IntersectionLive | undefined {
    return this.intersections.get(id);
  }

  allIntersections(): IterableIterator<IntersectionLive> {
    return this.intersections.values();
  }

  ingestCounters(): IngestCounters | null {
    return this.counters;
  }

  /** Server clock of the newest committed message: "now" for staleness checks, immune to browser clock skew. */
  latestServerTime(): number | null {
    return this.serverTime;
  }

  dispose(): void {
    if (this.frame !== null) this.scheduler.cancel(this.frame);
    this.frame = null;
    this.listeners.clear();
  }

  private merge(detectors: readonly DetectorLive[], intersections: readonly IntersectionLive[]): void {
    for (const d of detectors) this.pendingDetectors.set(d.id, d);
    for (const i of intersections) this.pendingIntersections.set(i.id, i);
  }
}
