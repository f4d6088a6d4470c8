/**
 * Latest live state in the browser. Messages are merged into a pending set as they arrive and committed together
 * (by default with the other live stores, a short window after the first message of a server tick: see
 * commit-scheduler.ts), so a burst of deltas costs one React render and one round of map feature-state updates,
 * and readers never see a half-applied tick.
 */
import type { ControlAuditEvent, Override } from '@arterial/contracts/api/v1';
import type { DetectorLive, IngestCounters, IntersectionLive, ServerMessage } from '../api/types';
import { liveCommitScheduler, type FrameScheduler } from './commit-scheduler';

export type { FrameScheduler } from './commit-scheduler';

/** Control events kept per intersection: enough for the panel's recent list; the audit API has the rest. */
export const CONTROL_EVENTS_KEPT = 50;

export interface LiveChanges {
  /** A snapshot replaced everything: readers should refresh all they show. */
  reset: boolean;
  detectors: ReadonlySet<string>;
  intersections: ReadonlySet<string>;
  counters: boolean;
  /** Intersections with a new control event or override change. */
  control: ReadonlySet<string>;
}

type Listener = (changes: LiveChanges) => void;

const NONE: readonly never[] = [];

export class LiveStore {
  private detectors = new Map<string, DetectorLive>();
  private intersections = new Map<string, IntersectionLive>();
  private counters: IngestCounters | null = null;
  private serverTime: number | null = null;
  private version = 0;
  /** Latest state of each override seen (snapshot: the active ones), by intersection. */
  private overrides = new Map<string, readonly Override[]>();
  /** Newest first, at most CONTROL_EVENTS_KEPT per intersection. */
  private controlEvents = new Map<string, readonly ControlAuditEvent[]>();

  private pendingReset = false;
  private readonly pendingDetectors = new Map<string, DetectorLive>();
  private readonly pendingIntersections = new Map<string, IntersectionLive>();
  private pendingCounters: IngestCounters | null = null;
  private pendingServerTime: number | null = null;
  private pendingOverrides: Override[] = [];
  private pendingControl: ControlAuditEvent[] = [];
  private frame: number | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly observers = new Set<(message: ServerMessage) => void>();

  constructor(private readonly scheduler: FrameScheduler = liveCommitScheduler) {}

  apply(message: ServerMessage): void {
    for (const observer of this.observers) observer(message);
    switch (message.type) {
      case 'snapshot':
        this.pendingReset = true;
        this.pendingDetectors.clear();
        this.pendingIntersections.clear();
        this.merge(message.detectors, message.intersections);
        this.pendingCounters = message.counters;
        this.pendingOverrides = [...(message.overrides ?? [])];
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
        this.pendingControl.push(...message.events);
        break;
      case 'overrides':
        this.pendingOverrides.push(...message.overrides);
        break;
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
      this.overrides = new Map();
    }
    const detectorIds = new Set(this.pendingDetectors.keys());
    const intersectionIds = new Set(this.pendingIntersections.keys());
    for (const [id, value] of this.pendingDetectors) this.detectors.set(id, value);
    for (const [id, value] of this.pendingIntersections) this.intersections.set(id, value);
    const countersChanged = this.pendingCounters !== null;
    if (this.pendingCounters !== null) this.counters = this.pendingCounters;
    if (this.pendingServerTime !== null) this.serverTime = this.pendingServerTime;
    const controlIds = this.commitControl();
    this.pendingReset = false;
    this.pendingDetectors.clear();
    this.pendingIntersections.clear();
    this.pendingCounters = null;
    this.pendingServerTime = null;
    if (!reset && detectorIds.size === 0 && intersectionIds.size === 0 && !countersChanged && controlIds.size === 0) return;
    this.version += 1;
    const changes: LiveChanges = { reset, detectors: detectorIds, intersections: intersectionIds, counters: countersChanged, control: controlIds };
    for (const listener of [...this.listeners]) listener(changes);
  }

  /** Sees every message as it arrives, before any batching: for stores of kinds this one does not keep (link estimates). */
  observe(observer: (message: ServerMessage) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
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

  /** Overrides of an intersection seen live, newest start first; the same array until one of them changes. */
  overridesOf(intersectionId: string): readonly Override[] {
    return this.overrides.get(intersectionId) ?? NONE;
  }

  /** Control events of an intersection received live, newest first; the same array until a new one arrives. */
  controlEventsOf(intersectionId: string): readonly ControlAuditEvent[] {
    return this.controlEvents.get(intersectionId) ?? NONE;
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

  /** Replaces the per-intersection arrays that changed (new objects, so React readers see the change). */
  private commitControl(): Set<string> {
    const changed = new Set<string>();
    for (const override of this.pendingOverrides) {
      const id = override.intersectionId;
      const others = this.overrides.get(id)?.filter((o) => o.overrideId !== override.overrideId) ?? [];
      this.overrides.set(id, [override, ...others].sort((a, b) => b.startedAt - a.startedAt));
      changed.add(id);
    }
    const fresh = new Map<string, ControlAuditEvent[]>();
    for (const event of this.pendingControl) {
      const list = fresh.get(event.intersectionId) ?? [];
      list.push(event);
      fresh.set(event.intersectionId, list);
    }
    for (const [id, events] of fresh) {
      const merged = [...events.sort((a, b) => b.at - a.at), ...(this.controlEvents.get(id) ?? [])].slice(0, CONTROL_EVENTS_KEPT);
      this.controlEvents.set(id, merged);
      changed.add(id);
    }
    this.pendingOverrides = [];
    this.pendingControl = [];
    return changed;
  }

  private merge(detectors: readonly DetectorLive[], intersections: readonly IntersectionLive[]): void {
    for (const d of detectors) this.pendingDetectors.set(d.id, d);
    for (const i of intersections) this.pendingIntersections.set(i.id, i);
  }
}
