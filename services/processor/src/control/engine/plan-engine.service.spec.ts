import * as path from 'node:path';
import type { DispatchedPlan, PlanExplanation, PlanRequest, PlanSource } from '@arterial/contracts/api/v1';
import { intersectionsOf, timingViolations, type NetworkModel } from '@arterial/contracts/network';
import { Subject } from 'rxjs';
import { RecordingSink } from '../../alerts/recording-sink.spec-helper';
import { ManualClock } from '../../clock/clock';
import type { IntervalEstimates } from '../../estimation/estimation.types';
import { loadNetworkFile } from '../../network/network.service';
import type { ControlAuthority } from '../control-authority';
import { DEFAULT_CONTROL_OPTIONS, type ControlOptions } from './control-options';
import { PlanEngineService, type EnginePlanSink } from './plan-engine.service';
import { syntheticEstimates } from './synthetic-estimates';

const model = loadNetworkFile(path.resolve(__dirname, '..', '..', '..', '..', '..', 'firmware-contracts', 'networks', 'demo.geojson'));
const junctions = new Map(intersectionsOf(model).map((f) => [f.properties.id, f.properties]));
const NOW = Date.UTC(2026, 10, 30, 8);
const WATCHED = 'XA-A6';

/** One estimation step: 500 veh/h per lane everywhere, nothing from the `faulty` junctions. */
function estimatesAt(tsMs: number, network: NetworkModel, faulty: ReadonlySet<string> = new Set()): IntervalEstimates {
  return syntheticEstimates(network, tsMs, (_, lanes) => 500 * lanes, faulty);
}

interface Sent {
  intersectionId: string;
  request: PlanRequest;
  origin: { source: PlanSource; actor: string; explanation?: PlanExplanation };
  sentAt?: number;
}

class FakeDispatcher implements EnginePlanSink {
  readonly sent: Sent[] = [];
  validForMs = 3_600_000;
  /** The centre's clock when a plan goes out (its `sentAt`). */
  nowMs = NOW;
  /** While set, sends wait for it (a slow broker). */
  gate: Promise<void> | undefined;
  async dispatch(intersectionId: string, request: PlanRequest, origin: Sent['origin']): Promise<unknown> {
    await this.gate;
    this.sent.push({ intersectionId, request, origin, sentAt: this.nowMs });
    return Promise.resolve();
  }
  plansFor(intersectionId: string): DispatchedPlan[] {
    return this.sent
      .filter((s) => s.intersectionId === intersectionId)
      .reverse()
      .map((s) => ({
        intersectionId,
        plan: {
          planId: 'p',
          issuedAt: NOW,
          expiresAt: NOW + this.validForMs,
          cycleS: s.request.cycleS,
          offsetS: s.request.offsetS,
          splits: s.request.splits,
          reason: s.request.reason,
          ...(s.request.coordinatedPhase !== undefined ? { coordinatedPhase: s.request.coordinatedPhase } : {}),
        },
        status: 'accepted',
        sentAt: s.sentAt ?? NOW,
        ackedAt: NOW,
        ackReason: null,
      }));
  }
}

function setup(options: Partial<ControlOptions> = {}, authority?: ControlAuthority) {
  const clock = new ManualClock(NOW);
  const dispatcher = new FakeDispatcher();
  const alerts = new RecordingSink();
  const sut = new PlanEngineService(clock, { ...DEFAULT_CONTROL_OPTIONS, defaultStrategy: 'webster', ...options }, model, new Subject<IntervalEstimates>(), dispatcher, authority ?? null, alerts);
  return { sut, dispatcher, alerts, clock };
}

describe(PlanEngineService.name, () => {
  it('plans on the estimation steps before its tick: one at the tick’s own time waits for the next tick', async () => {
    const estimates$ = new Subject<IntervalEstimates>();
    const dispatcher = new FakeDispatcher();
    const sut = new PlanEngineService(new ManualClock(NOW), { ...DEFAULT_CONTROL_OPTIONS, defaultStrategy: 'webster' }, model, estimates$, dispatcher, null, null);
    sut.onModuleInit();
    try {
      estimates$.next(estimatesAt(NOW, model));
      expect(await sut.step(NOW)).toEqual([]);
      expect(sut.lastStepMs).toBe(NOW);
      const planned = await sut.step(NOW + DEFAULT_CONTROL_OPTIONS.tickMs);
      expect(planned.length).toBe(junctions.size);
      await sut.settled();
      expect(sut.lastStepMs).toBe(NOW + DEFAULT_CONTROL_OPTIONS.tickMs);
    } finally {
      sut.onModuleDestroy();
    }
  });

  it('plans every junction once per cycle with its strategy, and every plan passes the safety rules', async () => {
    const { sut, dispatcher } = setup();
    expect(await sut.step(NOW)).toEqual([]); // no estimates yet: nothing to plan from
    sut.ingest(estimatesAt(NOW, model));
    const planned = await sut.step(NOW);
    expect(planned).toHaveLength(junctions.size);
    expect(dispatcher.sent).toHaveLength(junctions.size);
    for (const s of dispatcher.sent) {
      expect(timingViolations(junctions.get(s.intersectionId)!, s.request)).toEqual([]);
      expect(s.origin).toMatchObject({ source: 'engine', actor: 'engine:webster', explanation: { strategy: 'webster', source: 'engine' } });
    }
    expect(await sut.step(NOW + 10_000)).toEqual([]);
    const cycleS = dispatcher.sent.find((s) => s.intersectionId === WATCHED)!.request.cycleS;
    const again = await sut.step(NOW + cycleS * 1000);
    expect(again.map((p) => p.intersectionId)).toContain(WATCHED);
  });

  it('falls back to the time-of-day plan while a junction has no trustworthy input, with an alert raised and then cleared', async () => {
    const { sut, dispatcher, alerts } = setup({ perIntersection: { [WATCHED]: 'scats' }, defaultStrategy: 'off' });
    sut.ingest(estimatesAt(NOW, model));
    await sut.step(NOW);
    expect(dispatcher.sent.map((s) => s.origin.source)).toEqual(['engine']);

    sut.ingest(estimatesAt(NOW + 60_000, model, new Set([WATCHED])));
    // Inputs stay trusted until they are stale (5 min); past that the junction has none.
    const later = NOW + 6 * 60_000;
    sut.ingest(estimatesAt(later, model, new Set([WATCHED])));
    const planned = await sut.step(later);
    expect(planned).toHaveLength(1);
    expect(planned[0]).toMatchObject({ source: 'fallback', explanation: { strategy: 'time-of-day', source: 'fallback' } });
    const last = dispatcher.sent.at(-1)!;
    expect(last.origin).toMatchObject({ source: 'fallback' });
    expect(timingViolations(junctions.get(WATCHED)!, last.request)).toEqual([]);
    expect(alerts.summary()).toEqual([`raise plan-inputs-degraded|intersection|${WATCHED}`]);
    expect(alerts.events[0]).toMatchObject({ condition: { details: { phases: [2, 1, 4, 3] } } });

    sut.ingest(estimatesAt(later + 600_000, model));
    const back = await sut.step(later + 600_000);
    expect(back[0]).toMatchObject({ source: 'engine' });
    expect(alerts.summary().at(-1)).toBe(`end plan-inputs-degraded|intersection|${WATCHED}`);
  });

  it('looks again at the next tick at a blind junction already on its own plan, and plans it once its inputs arrive', async () => {
    const { sut, dispatcher, alerts } = setup({ perIntersection: { [WATCHED]: 'webster' }, defaultStrategy: 'off' });
    // Start-up: the first estimation step comes before the junction's detectors have reported.
    sut.ingest(estimatesAt(NOW, model, new Set([WATCHED])));
    const blind = await sut.step(NOW + 1);
    expect(blind).toMatchObject([{ source: 'fallback', sent: false }]);
    expect(dispatcher.sent).toEqual([]); // the controller runs its time-of-day plan already
    sut.ingest(estimatesAt(NOW + 10_000, model, new Set([WATCHED])));
    expect(await sut.step(NOW + 10_001)).toMatchObject([{ source: 'fallback', sent: false }]);
    expect(alerts.summary()).toEqual([`raise plan-inputs-degraded|intersection|${WATCHED}`]); // once per spell, not per tick

    sut.ingest(estimatesAt(NOW + 20_000, model));
    const planned = await sut.step(NOW + 20_000 + DEFAULT_CONTROL_OPTIONS.tickMs);
    expect(planned).toMatchObject([{ intersectionId: WATCHED, source: 'engine', sent: true }]);
    expect(alerts.summary().at(-1)).toBe(`end plan-inputs-degraded|intersection|${WATCHED}`);
  });

  it('leaves a junction alone while the control authority says an operator holds it', async () => {
    const held: ControlAuthority = { engineMayPlan: (id) => id !== WATCHED };
    const { sut, dispatcher } = setup({}, held);
    sut.ingest(estimatesAt(NOW, model));
    await sut.step(NOW);
    expect(dispatcher.sent.map((s) => s.intersectionId)).not.toContain(WATCHED);
    expect(dispatcher.sent).toHaveLength(junctions.size - 1);
  });

  it('sends a plan only when it changes what the controller runs, and renews it before it expires', async () => {
    // Keep-alive out of the way here (its own spec below): only changes and expiry send.
    const { sut, dispatcher } = setup({ defaultStrategy: 'max-pressure', keepAliveS: 3600 });
    const sentTo = (): number => dispatcher.sent.filter((s) => s.intersectionId === WATCHED).length;
    const stepAt = async (tsMs: number) => {
      sut.ingest(estimatesAt(tsMs, model));
      return sut.step(tsMs);
    };
    let t = NOW;
    // Steady demand: the plan converges in bounded steps, then stays.
    for (let round = 0; round < 12; round++) {
      await stepAt(t);
      t += 200_000;
    }
    const converged = sentTo();
    expect(converged).toBeGreaterThan(0);
    const quiet = [...(await stepAt(t)), ...(await stepAt(t + 200_000))].filter((p) => p.intersectionId === WATCHED);
    expect(quiet).toHaveLength(2);
    expect(quiet.every((p) => p.source === 'engine' && !p.sent)).toBe(true);
    expect(sentTo()).toBe(converged);
    const last = dispatcher.sent.filter((s) => s.intersectionId === WATCHED).at(-1)!.request;
    expect(last.splits.every((s) => s.actuation !== undefined)).toBe(true);
    // The running plan now has less than renewBeforeExpiryS left: the same plan goes out again.
    dispatcher.validForMs = t + 400_000 - NOW + DEFAULT_CONTROL_OPTIONS.renewBeforeExpiryS * 1000 - 1;
    const renewed = (await stepAt(t + 400_000)).find((p) => p.intersectionId === WATCHED);
    expect(renewed).toMatchObject({ source: 'engine', sent: true });
    expect(sentTo()).toBe(converged + 1);
  });

  it('sends an unchanged plan again before the controllers’ 300 s silence limit, however rarely it replans', async () => {
    // Replanning every 5 cycles (several minutes) and a plan valid for an hour: only the keep-alive speaks.
    const { sut, dispatcher } = setup({ defaultStrategy: 'off', perIntersection: { [WATCHED]: 'max-pressure' }, replanEveryCycles: 5 });
    for (let t = NOW; t <= NOW + 3_600_000; t += DEFAULT_CONTROL_OPTIONS.tickMs) {
      dispatcher.nowMs = t;
      if ((t - NOW) % 60_000 === 0) sut.ingest(estimatesAt(t, model));
      await sut.step(t);
    }
    const sentAt = dispatcher.sent.map((s) => s.sentAt!);
    const gapsS = sentAt.slice(1).map((t, i) => (t - sentAt[i]!) / 1000);
    expect(Math.max(...gapsS)).toBeLessThanOrEqual(DEFAULT_CONTROL_OPTIONS.keepAliveS + DEFAULT_CONTROL_OPTIONS.tickMs / 1000);
    expect(Math.max(...gapsS)).toBeLessThan(300);
    expect(NOW + 3_600_000 - sentAt.at(-1)!).toBeLessThan(300_000);
    // Not a plan per tick: steady demand, so mostly the keep-alive (about one per 240 s) after convergence.
    expect(sentAt.length).toBeLessThan(40);
  });

  it('plans each junction once when the clock jumps several ticks and the steps overlap their sends', async () => {
    const { sut, dispatcher, clock } = setup();
    sut.ingest(estimatesAt(NOW, model));
    jest.useFakeTimers();
    try {
      let open!: () => void;
      dispatcher.gate = new Promise<void>((resolve) => (open = resolve));
      sut.onModuleInit();
      // One clock read crosses six engine ticks: the ticker starts six steps at once, each awaiting slow sends.
      clock.set(NOW + 6 * DEFAULT_CONTROL_OPTIONS.tickMs);
      jest.advanceTimersByTime(DEFAULT_CONTROL_OPTIONS.pollMs);
      open();
      for (let i = 0; i < 10 * junctions.size && dispatcher.sent.length < junctions.size; i++) await Promise.resolve();
      for (let i = 0; i < 1000; i++) await Promise.resolve();
      const perJunction = new Map<string, number>();
      for (const s of dispatcher.sent) perJunction.set(s.intersectionId, (perJunction.get(s.intersectionId) ?? 0) + 1);
      expect(perJunction.size).toBe(junctions.size);
      expect([...perJunction.values()].every((n) => n === 1)).toBe(true);
    } finally {
      sut.onModuleDestroy();
      jest.useRealTimers();
    }
  });

  it('coordinates the demo arterials into green-wave groups with a common cycle', async () => {
    const { sut, dispatcher } = setup({ defaultStrategy: 'green-wave' });
    sut.ingest(estimatesAt(NOW, model));
    await sut.step(NOW);
    expect(dispatcher.sent).toHaveLength(junctions.size);
    const grouped = dispatcher.sent.filter((s) => s.origin.explanation?.inputs.groupId);
    expect(grouped.length).toBeGreaterThan(junctions.size / 2);
    const byGroup = new Map<string, number[]>();
    for (const s of grouped) byGroup.set(s.origin.explanation!.inputs.groupId!, [...(byGroup.get(s.origin.explanation!.inputs.groupId!) ?? []), s.request.cycleS]);
    for (const cycles of byGroup.values()) expect(new Set(cycles.map((c) => (c * 2 <= Math.max(...cycles) ? c * 2 : c))).size).toBe(1);
    for (const s of dispatcher.sent) expect(timingViolations(junctions.get(s.intersectionId)!, s.request)).toEqual([]);
    // Members running the group's cycle coordinate on their through phase: the others are forced off at the split.
    const coordinated = grouped.map((s) => s.request).filter((r) => r.coordinatedPhase !== undefined);
    expect(coordinated.length).toBeGreaterThan(0);
    for (const r of coordinated) {
      for (const split of r.splits) {
        if (split.phase === r.coordinatedPhase) expect(split.actuation).toBeUndefined();
        else expect(split.actuation).toMatchObject({ maxGreenS: split.greenS });
      }
    }
  });
});
