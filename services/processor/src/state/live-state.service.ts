/**
 * Latest known state of every detector and intersection. Newer timestamps win, so a reordered or
 * late message never rolls the live picture back; every change is announced on changes$.
 */
import { Injectable } from '@nestjs/common';
import type { ControllerState, ControllerStatus, DetectorMeasurement } from '@arterial/contracts/mqtt/v1';
import { Subject } from 'rxjs';
import type { DetectorLive, IntersectionLive } from '@arterial/contracts/live/v1';

/** What a restart needs to show the live picture at once (durability/live-snapshot.service.ts writes it to disk). */
export interface LiveStateSnapshot {
  detectors: DetectorLive[];
  intersections: IntersectionLive[];
  /** Timestamp of each intersection's last status, so an older status after the restart does not win. */
  statusTs: Record<string, number>;
}

export type LiveChange = { entity: 'detector'; value: DetectorLive } | { entity: 'intersection'; value: IntersectionLive };

export function emptyIntersection(id: string): IntersectionLive {
  return { id, ts: null, mode: null, planId: null, cycleS: null, cycleSecond: null, phases: [], online: null, firmware: null, faults: [] };
}

@Injectable()
export class LiveStateService {
  private readonly detectors = new Map<string, DetectorLive>();
  private readonly intersections = new Map<string, IntersectionLive>();
  private readonly statusTs = new Map<string, number>();
  private readonly changeSubject = new Subject<LiveChange>();
  readonly changes$ = this.changeSubject.asObservable();

  /** Makes known intersections appear (offline, unknown) before their first message. */
  registerIntersections(ids: Iterable<string>): void {
    for (const id of ids) if (!this.intersections.has(id)) this.intersections.set(id, emptyIntersection(id));
  }

  applyMeasurement(detectorId: string, m: DetectorMeasurement): void {
    const current = this.detectors.get(detectorId);
    if (current && current.ts > m.ts) return;
    const value: DetectorLive = {
      id: detectorId,
      ts: m.ts,
      intervalS: m.intervalS,
      volume: m.volume,
      flowVph: Math.round((m.volume * 3600) / m.intervalS),
      occupancyPct: m.occupancyPct,
      speedKph: m.speedKph ?? null,
      health: m.health,
    };
    this.detectors.set(detectorId, value);
    this.changeSubject.next({ entity: 'detector', value });
  }

  applySignalState(intersectionId: string, s: ControllerState): void {
    const current = this.intersections.get(intersectionId) ?? emptyIntersection(intersectionId);
    if (current.ts !== null && current.ts > s.ts) return;
    const value: IntersectionLive = { ...current, ts: s.ts, mode: s.mode, planId: s.planId, cycleS: s.cycleS, cycleSecond: s.cycleSecond, phases: s.phases };
    // A controller that sends state is evidently online, even if its retained status is stale.
    if (value.online === null) value.online = true;
    this.intersections.set(intersectionId, value);
    this.changeSubject.next({ entity: 'intersection', value });
  }

  applyStatus(intersectionId: string, s: ControllerStatus): void {
    const lastTs = this.statusTs.get(intersectionId);
    if (lastTs !== undefined && lastTs > s.ts) return;
    this.statusTs.set(intersectionId, s.ts);
    const current = this.intersections.get(intersectionId) ?? emptyIntersection(intersectionId);
    const value: IntersectionLive = { ...current, online: s.online, firmware: s.firmware, faults: s.faults };
    this.intersections.set(intersectionId, value);
    this.changeSubject.next({ entity: 'intersection', value });
  }

  snapshot(): LiveStateSnapshot {
    return { detectors: this.allDetectors(), intersections: this.allIntersections(), statusTs: Object.fromEntries(this.statusTs) };
  }

  /** Takes a snapshot's values where they are newer than what is known (before the first message, that is all of them). */
  restore(snapshot: LiveStateSnapshot): void {
    for (const value of snapshot.detectors) {
      const current = this.detectors.get(value.id);
      if (!current || current.ts < value.ts) this.detectors.set(value.id, value);
    }
    for (const value of snapshot.intersections) {
      const current = this.intersections.get(value.id);
      if (!current || current.ts === null || (value.ts !== null && current.ts < value.ts)) this.intersections.set(value.id, value);
    }
    for (const [id, ts] of Object.entries(snapshot.statusTs)) if ((this.statusTs.get(id) ?? -Infinity) < ts) this.statusTs.set(id, ts);
  }

  detector(id: string): DetectorLive | undefined {
    return this.detectors.get(id);
  }

  intersection(id: string): IntersectionLive | undefined {
    return this.intersections.get(id);
  }

  allDetectors(): DetectorLive[] {
    return [...this.detectors.values()];
  }

  allIntersections(): IntersectionLive[] {
    return [...this.intersections.values()];
  }
}
