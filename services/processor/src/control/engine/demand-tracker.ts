/**
 * Demand for the plan engine from each estimation step. Only trustworthy values go in: an approach counts when at
 * least one of its detectors gave a usable measurement (received, plausible, not diagnosed bad) and its flow is not
 * imputed or missing. Flows are smoothed exponentially with a time constant of about 15 minutes, so a plan follows
 * the time of day, not one minute's noise. An approach without a trusted value for `staleAfterS` has no input.
 */
import type { IntersectionProperties, PlanTiming } from '@arterial/contracts/network';
import type { IntervalEstimates } from '../../estimation/estimation.types';
import { greenOf } from '../strategies/green-allocation';
import { queuePerLaneVeh, queuedPerLaneVeh } from '../strategies/queue-estimator';
import type { ApproachDemand, JunctionDemand } from '../strategies/strategy.types';
import { freeFlowTravelTimeS, type NetworkTopology } from './network-topology';

interface ApproachState {
  flowVph: number;
  lastTrustedMs: number;
  advanceOccupancyPct: number | null;
}

/** Smoothed flow of one lane of an approach (its stop-bar detectors, else its advance ones). */
interface LaneState {
  flowVph: number;
  lastTrustedMs: number;
}

export interface DemandTrackerOptions {
  smoothingS: number;
  staleAfterS: number;
}

export class DemandTracker {
  private readonly approaches = new Map<string, ApproachState>();
  /** By approach, then lane number (1 = kerbside). */
  private readonly lanes = new Map<string, Map<number, LaneState>>();
  private readonly detectorsUsed = new Map<string, number>();
  private readonly linkPerLaneVeh = new Map<string, number>();
  private readonly linkTravelS = new Map<string, number>();
  private lastTsMs: number | undefined;

  constructor(
    private readonly topology: NetworkTopology,
    private readonly options: DemandTrackerOptions,
  ) {}

  /** True once an estimation step has been seen. */
  get ready(): boolean {
    return this.lastTsMs !== undefined;
  }

  get tsMs(): number | undefined {
    return this.lastTsMs;
  }

  ingest(estimates: IntervalEstimates): void {
    const trustedDetectors = new Set<string>();
    const advanceOcc = new Map<string, number>();
    // Per approach and lane, this interval's flow: stop-bar detectors first (they count what the lane discharges).
    const laneFlows = new Map<string, Map<number, { flowVph: number; stopBar: boolean }>>();
    this.detectorsUsed.clear();
    for (const d of estimates.detectors) {
      const trusted = d.quality.usedMeasurement && d.quality.status !== 'bad' && d.flowVph.provenance !== 'missing' && d.flowVph.provenance !== 'imputed';
      const junction = this.topology.detectorJunction.get(d.detectorId);
      if (junction !== undefined && trusted) this.detectorsUsed.set(junction, (this.detectorsUsed.get(junction) ?? 0) + 1);
      if (!trusted) continue;
      trustedDetectors.add(d.approachId);
      if (d.placement === 'advance' && d.occupancyPct.value !== null) advanceOcc.set(d.approachId, Math.max(advanceOcc.get(d.approachId) ?? 0, d.occupancyPct.value));
      if (d.flowVph.value !== null) {
        const byLane = laneFlows.get(d.approachId) ?? new Map<number, { flowVph: number; stopBar: boolean }>();
        laneFlows.set(d.approachId, byLane);
        const stopBar = d.placement === 'stop-bar';
        const prev = byLane.get(d.lane);
        if (!prev || (stopBar && !prev.stopBar)) byLane.set(d.lane, { flowVph: d.flowVph.value, stopBar });
        else if (stopBar === prev.stopBar) byLane.set(d.lane, { flowVph: Math.max(prev.flowVph, d.flowVph.value), stopBar });
      }
    }
    const dtS = this.lastTsMs === undefined ? Number.POSITIVE_INFINITY : Math.max(0, (estimates.tsMs - this.lastTsMs) / 1000);
    const alpha = 1 - Math.exp(-dtS / this.options.smoothingS);
    for (const [approachId, byLane] of laneFlows) {
      const states = this.lanes.get(approachId) ?? new Map<number, LaneState>();
      this.lanes.set(approachId, states);
      for (const [lane, { flowVph }] of byLane) {
        const state = states.get(lane);
        const fresh = !state || estimates.tsMs - state.lastTrustedMs > this.options.staleAfterS * 1000;
        states.set(lane, { flowVph: fresh ? flowVph : state.flowVph + alpha * (flowVph - state.flowVph), lastTrustedMs: estimates.tsMs });
      }
    }
    for (const a of estimates.approaches) {
      const flow = a.flowVph;
      if (!trustedDetectors.has(a.approachId) || flow.value === null || flow.provenance === 'imputed') continue;
      const state = this.approaches.get(a.approachId);
      const fresh = !state || estimates.tsMs - state.lastTrustedMs > this.options.staleAfterS * 1000;
      this.approaches.set(a.approachId, {
        flowVph: fresh ? flow.value : state.flowVph + alpha * (flow.value - state.flowVph),
        lastTrustedMs: estimates.tsMs,
        advanceOccupancyPct: advanceOcc.get(a.approachId) ?? null,
      });
    }
    for (const l of estimates.links) {
      const link = this.topology.links.get(l.linkId);
      if (!link) continue;
      if (l.densityVpkm.value !== null && l.densityVpkm.provenance !== 'imputed') {
        this.linkPerLaneVeh.set(
          l.linkId,
          queuedPerLaneVeh({ densityVpkm: l.densityVpkm.value, flowVph: l.flowVph.value, freeFlowSpeedKph: l.freeFlowSpeedKph.value ?? link.speedLimitKph, lengthM: link.lengthM, lanes: link.lanes }),
        );
      }
      // Platoons cruise at free flow between signals; the measured travel time includes the stop at the next one.
      const travel = l.freeFlowTravelTimeS.value;
      if (travel !== null && travel > 0) this.linkTravelS.set(l.linkId, travel);
    }
    this.lastTsMs = estimates.tsMs;
  }

  /** Smoothed flow arriving on a link at its downstream junction (the approach on it), veh/h. */
  inflowVph = (linkId: string): number | undefined => {
    const approachId = this.topology.approachByLink.get(linkId);
    return approachId === undefined ? undefined : this.trustedState(approachId)?.flowVph;
  };

  /** Free-flow (cruise) travel time: the estimation's, else at the speed limit, s. */
  travelTimeS = (linkId: string): number => {
    const estimated = this.linkTravelS.get(linkId);
    if (estimated !== undefined) return estimated;
    const link = this.topology.links.get(linkId);
    return link ? freeFlowTravelTimeS(link) : 0;
  };

  demandFor(junction: IntersectionProperties, running: PlanTiming): JunctionDemand {
    const approaches = new Map<string, ApproachDemand>();
    for (const a of junction.approaches) {
      const state = this.trustedState(a.id);
      const redS = running.cycleS - throughGreenS(junction, running, a.id);
      const laneFlowsVph = a.laneTurns && state !== undefined ? this.laneFlowsVph(a.id, a.lanes) : undefined;
      approaches.set(a.id, {
        approachId: a.id,
        lanes: a.lanes,
        flowVph: state?.flowVph ?? null,
        trusted: state !== undefined,
        ...(laneFlowsVph && a.laneTurns ? { laneFlowsVph, laneTurns: a.laneTurns } : {}),
        queuePerLaneVeh:
          state === undefined
            ? null
            : queuePerLaneVeh({
                flowPerLaneVph: state.flowVph / a.lanes,
                redS,
                advanceOccupancyPct: state.advanceOccupancyPct,
                advanceDistanceM: this.topology.advanceDistanceM.get(a.id) ?? null,
              }),
      });
    }
    const exits = this.topology.exitLinks.get(junction.id) ?? new Map<string, string>();
    const downstream = new Map<string, number>();
    for (const linkId of exits.values()) {
      const v = this.linkPerLaneVeh.get(linkId);
      if (v !== undefined) downstream.set(linkId, v);
    }
    return {
      intersectionId: junction.id,
      tsMs: this.lastTsMs ?? 0,
      approaches,
      downstreamPerLaneVeh: downstream,
      exitLinks: exits,
      detectorsUsed: this.detectorsUsed.get(junction.id) ?? 0,
      detectorsFaulty: (this.topology.detectorsByJunction.get(junction.id)?.length ?? 0) - (this.detectorsUsed.get(junction.id) ?? 0),
    };
  }

  /** Smoothed flow of every lane (lane 1 first), or undefined unless each lane has a fresh trusted value. */
  private laneFlowsVph(approachId: string, laneCount: number): number[] | undefined {
    const states = this.lanes.get(approachId);
    if (!states || this.lastTsMs === undefined) return undefined;
    const flows: number[] = [];
    for (let lane = 1; lane <= laneCount; lane++) {
      const state = states.get(lane);
      if (!state || this.lastTsMs - state.lastTrustedMs > this.options.staleAfterS * 1000) return undefined;
      flows.push(state.flowVph);
    }
    return flows;
  }

  private trustedState(approachId: string): ApproachState | undefined {
    const state = this.approaches.get(approachId);
    if (!state || this.lastTsMs === undefined) return undefined;
    return this.lastTsMs - state.lastTrustedMs > this.options.staleAfterS * 1000 ? undefined : state;
  }
}

/** Green of the phase serving the approach's through movement (its largest flow, TURN_SHARES). */
function throughGreenS(junction: IntersectionProperties, running: PlanTiming, approachId: string): number {
  const main = junction.phases.find((p) => p.movements.some((m) => m.approachId === approachId && m.turn === 'through'));
  const any = main ?? junction.phases.find((p) => p.movements.some((m) => m.approachId === approachId));
  return any ? greenOf(running.splits, any.id) : 0;
}
