import * as path from 'node:path';
import { effectiveMinGreenS, intersectionsOf } from '@arterial/contracts/network';
import { type DecodedMessage } from '@arterial/contracts/mqtt/v1';
import { EMPTY, Subject } from 'rxjs';
import { InMemoryBrokerConnection, type RoutedMessage } from '../broker/in-memory-broker-connection';
import { ManualClock } from '../clock/clock';
import { loadNetworkFile } from '../network/network.service';
import { InMemoryTimeSeriesStore } from '../storage/in-memory-time-series-store';
import type { ControlAuditEvent } from '@arterial/contracts/api/v1';
import { NotJunctionOwnerError } from '../cluster/cluster.errors';
import type { JunctionOwnership } from '../cluster/junction-ownership';
import { ControlAuditService } from './control-audit.service';
import { InvalidPlanError, UnknownIntersectionError, UnsafePlanError } from './control.errors';
import type { Junctions } from './junctions';
import type { PlanDeliveryOptions } from './plan-delivery';
import { PlanDispatcherService, type PlanRequest } from './plan-dispatcher.service';

const model = loadNetworkFile(path.resolve(__dirname, '..', '..', '..', '..', 'firmware-contracts', 'networks', 'demo.geojson'));
const junction = intersectionsOf(model)[0]!.properties;
const NOW = Date.UTC(2026, 10, 27, 8);

const DELIVERY: PlanDeliveryOptions = { ackTimeoutMs: 5000, retries: 3, maxWaitMs: 20_000, pollMs: 250 };

async function setup(ownership: JunctionOwnership | null = null) {
  const broker = new InMemoryBrokerConnection({ subscriptions: [] });
  await broker.start();
  // What a controller subscribed to its plan topic receives, through the broker port.
  const published: RoutedMessage[] = [];
  broker.subscribeAsDevice('arterial/v1/controllers/+/plan', (m) => published.push(m));
  const junctions: Junctions = { intersection: (id) => intersectionsOf(model).find((f) => f.properties.id === id) };
  const accepted = new Subject<DecodedMessage>();
  const clock = new ManualClock(NOW);
  const store = new InMemoryTimeSeriesStore();
  const audit = new ControlAuditService(store);
  const events: ControlAuditEvent[] = [];
  audit.events$.subscribe((e) => events.push(e));
  const sut = new PlanDispatcherService(broker, junctions, accepted, clock, audit, store, DELIVERY, ownership);
  sut.onModuleInit();
  /** Moves the centre's clock, polling at every tick on the way as the ticker does. */
  const advance = (ms: number) => {
    const end = clock.now() + ms;
    while (clock.now() < end) {
      clock.set(Math.min(end, clock.now() + DELIVERY.pollMs));
      sut.poll();
    }
  };
  const ack = (planId: string, accepted$ = true, reason?: string) =>
    accepted.next({ kind: 'plan-ack', deviceId: junction.id, payload: { planId, accepted: accepted$, ...(reason ? { reason } : {}) } });
  const actions = () => events.map((e) => e.action);
  return { sut, published, accepted, clock, store, events, advance, ack, actions };
}

const safeRequest = (): PlanRequest => ({ cycleS: junction.fallbackPlan.cycleS, offsetS: 12, splits: junction.fallbackPlan.splits.map((s) => ({ ...s })), reason: 'spec: AM peak' });

/** An ownership whose owned junctions and epochs the spec sets. */
function ownershipOf(owned: Map<string, number>): JunctionOwnership {
  return {
    owns: (id) => owned.has(id),
    epochOf: (id) => owned.get(id),
    acquired$: EMPTY,
    status: () => ({ mode: 'etcd', instanceId: 'spec', peers: ['spec'], ownedJunctions: owned.size, leaseAlive: true, handovers: 0 }),
  };
}

describe(PlanDispatcherService.name, () => {
  it('in a cluster, stamps the lease epoch on plans, refuses junctions it does not own, and drops retries once the junction moved', async () => {
    const owned = new Map([[junction.id, 41]]);
    const { sut, published, advance } = await setup(ownershipOf(owned));
    const sent = await sut.dispatch(junction.id, safeRequest());
    expect(sent.plan.leaseEpoch).toBe(41);
    expect(JSON.parse(published[0]!.payload.toString()).leaseEpoch).toBe(41);
    owned.set(junction.id, 57);
    advance(DELIVERY.ackTimeoutMs + DELIVERY.pollMs);
    expect(published).toHaveLength(1);
    owned.delete(junction.id);
    await expect(sut.dispatch(junction.id, safeRequest())).rejects.toBeInstanceOf(NotJunctionOwnerError);
    expect(published).toHaveLength(1);
  });

  it('only records plans when told to (replay: no controllers): no publish, no retries or timeout, the plan stays running', async () => {
    const { published, clock } = await setup();
    const store = new InMemoryTimeSeriesStore();
    const audit = new ControlAuditService(store);
    const events: ControlAuditEvent[] = [];
    audit.events$.subscribe((e) => events.push(e));
    const broker = new InMemoryBrokerConnection({ subscriptions: [] });
    await broker.start();
    broker.subscribeAsDevice('arterial/v1/controllers/+/plan', (m) => published.push(m));
    const junctions: Junctions = { intersection: (id) => intersectionsOf(model).find((f) => f.properties.id === id) };
    const sut = new PlanDispatcherService(broker, junctions, new Subject<DecodedMessage>(), clock, audit, store, { ...DELIVERY, recordOnly: true });
    sut.onModuleInit();
    const first = await sut.dispatch(junction.id, safeRequest());
    await expect(sut.dispatch(junction.id, { ...safeRequest(), splits: [] })).rejects.toBeInstanceOf(InvalidPlanError);
    clock.set(NOW + 120_000);
    sut.poll();
    const second = await sut.dispatch(junction.id, safeRequest());
    clock.set(NOW + 600_000);
    sut.poll();
    sut.onModuleDestroy();
    expect(published).toHaveLength(0);
    expect(sut.isDegraded(junction.id)).toBe(false);
    expect(sut.plansFor(junction.id).map((p) => [p.plan.planId, p.status, p.attempts])).toEqual([
      [second.plan.planId, 'sent', 1],
      [first.plan.planId, 'sent', 1],
    ]);
    expect(events.map((e) => e.action)).toEqual(['plan-sent', 'plan-sent']);
  });

  it('without a cluster sends plans with no lease epoch', async () => {
    const { sut } = await setup();
    expect((await sut.dispatch(junction.id, safeRequest())).plan).not.toHaveProperty('leaseEpoch');
  });

  it('publishes a safe plan at QoS 1 on the controller’s plan topic and matches its acknowledgement', async () => {
    const { sut, published, accepted } = await setup();
    const sent = await sut.dispatch(junction.id, safeRequest());
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ topic: `arterial/v1/controllers/${junction.id}/plan`, qos: 1 });
    expect(JSON.parse(published[0]!.payload.toString())).toMatchObject({ planId: sent.plan.planId, issuedAt: NOW, expiresAt: NOW + 900_000, offsetS: 12 });
    accepted.next({ kind: 'plan-ack', deviceId: junction.id, payload: { planId: sent.plan.planId, accepted: true, ts: NOW + 50 } });
    expect(sut.plansFor(junction.id)[0]).toMatchObject({ status: 'accepted', ackedAt: NOW });
  });

  it('carries the coordinated phase and the splits’ actuation into the published plan (contract v1.1)', async () => {
    const { sut, published } = await setup();
    const request = safeRequest();
    const [coordinated, ...others] = request.splits;
    for (const split of others) {
      const phase = junction.phases.find((p) => p.id === split.phase)!;
      split.actuation = { minGreenS: effectiveMinGreenS(phase), maxGreenS: split.greenS, passageS: 2.5 };
    }
    const sent = await sut.dispatch(junction.id, { ...request, coordinatedPhase: coordinated!.phase });
    const payload = JSON.parse(published[0]!.payload.toString());
    expect(payload.coordinatedPhase).toBe(coordinated!.phase);
    expect(payload.splits).toEqual(request.splits);
    expect(sent.plan).toMatchObject({ coordinatedPhase: coordinated!.phase, splits: request.splits });
    await sut.dispatch(junction.id, safeRequest());
    expect(JSON.parse(published[1]!.payload.toString())).not.toHaveProperty('coordinatedPhase');
  });

  it('never publishes a plan that breaks a safety rule, and says which', async () => {
    const { sut, published } = await setup();
    const request = safeRequest();
    request.splits[0]!.greenS = 1;
    request.splits[1]!.greenS += junction.fallbackPlan.splits[0]!.greenS - 1;
    await expect(sut.dispatch(junction.id, request)).rejects.toThrow(UnsafePlanError);
    await expect(sut.dispatch(junction.id, request)).rejects.toThrow(/phase \d+/);
    expect(published).toHaveLength(0);
  });

  it('refuses plans for unknown intersections and plans outside the contract', async () => {
    const { sut, published } = await setup();
    await expect(sut.dispatch('nowhere', safeRequest())).rejects.toThrow(UnknownIntersectionError);
    await expect(sut.dispatch(junction.id, { ...safeRequest(), cycleS: 12.5 })).rejects.toThrow(InvalidPlanError);
    await expect(sut.dispatch(junction.id, { ...safeRequest(), validForS: 86_400 })).rejects.toThrow(InvalidPlanError);
    expect(published).toHaveLength(0);
  });

  it('records a rejection with the controller’s reason', async () => {
    const { sut, accepted } = await setup();
    const sent = await sut.dispatch(junction.id, safeRequest());
    accepted.next({ kind: 'plan-ack', deviceId: junction.id, payload: { planId: sent.plan.planId, accepted: false, reason: 'local override' } });
    expect(sut.plansFor(junction.id)[0]).toMatchObject({ status: 'rejected', ackReason: 'local override' });
  });

  describe('closed loop on the centre clock', () => {
    it('stores and audits a plan with its origin and explanation, and answers history from the store', async () => {
      const { sut, store, ack, actions } = await setup();
      const sent = await sut.dispatch(junction.id, safeRequest(), { source: 'engine', actor: 'engine:webster' });
      ack(sent.plan.planId);
      expect(actions()).toEqual(['plan-sent', 'plan-accepted']);
      const stored = await store.dispatchedPlans(junction.id, { fromMs: NOW - 1, toMs: NOW + 1 }, 10);
      expect(stored).toEqual([expect.objectContaining({ status: 'accepted', origin: { source: 'engine', actor: 'engine:webster' }, attempts: 1 })]);
      expect(await sut.planHistory(junction.id)).toEqual(stored);
      expect(sut.plansFor(junction.id)[0]?.origin).toEqual({ source: 'engine', actor: 'engine:webster' });
    });

    it('defaults the origin to an operator through the API', async () => {
      const { sut } = await setup();
      expect((await sut.dispatch(junction.id, safeRequest())).origin).toEqual({ source: 'operator', actor: 'api' });
    });

    it('publishes the same plan id again with backoff while no acknowledgement comes, then times out and marks the controller degraded', async () => {
      const { sut, published, advance, actions } = await setup();
      const sent = await sut.dispatch(junction.id, safeRequest());
      advance(4_999);
      expect(published).toHaveLength(1);
      advance(1); // 5 s: retry 1
      advance(9_999);
      expect(published).toHaveLength(2);
      advance(1); // +10 s: retry 2
      advance(20_000); // +20 s: retry 3
      expect(published).toHaveLength(4);
      expect(published.map((m) => JSON.parse(m.payload.toString()).planId)).toEqual(Array(4).fill(sent.plan.planId));
      expect(sut.isDegraded(junction.id)).toBe(false);
      advance(20_000);
      expect(published).toHaveLength(4);
      expect(sut.plansFor(junction.id)[0]).toMatchObject({ status: 'timeout', attempts: 4 });
      expect(sut.isDegraded(junction.id)).toBe(true);
      expect(actions()).toEqual(['plan-sent', 'plan-retried', 'plan-retried', 'plan-retried', 'plan-timeout', 'controller-degraded']);
    });

    it('sends a degraded controller each plan once, and clears the mark on its next acknowledgement or online status', async () => {
      const { sut, published, advance, ack, accepted, actions } = await setup();
      await sut.dispatch(junction.id, safeRequest());
      advance(60_000);
      expect(sut.isDegraded(junction.id)).toBe(true);
      const second = await sut.dispatch(junction.id, safeRequest());
      advance(60_000);
      expect(published).toHaveLength(5);
      expect(sut.plansFor(junction.id)[0]).toMatchObject({ status: 'timeout', attempts: 1 });
      // A late acknowledgement still tells what the controller runs, and that it is back.
      ack(second.plan.planId);
      expect(sut.plansFor(junction.id)[0]?.status).toBe('accepted');
      expect(sut.isDegraded(junction.id)).toBe(false);
      expect(actions().slice(-2)).toEqual(['controller-recovered', 'plan-accepted']);

      await sut.dispatch(junction.id, safeRequest());
      advance(60_000);
      expect(sut.isDegraded(junction.id)).toBe(true);
      accepted.next({ kind: 'status', deviceId: junction.id, payload: { ts: NOW, online: true, firmware: 'x', faults: [] } });
      expect(sut.isDegraded(junction.id)).toBe(false);
    });

    it('keeps one plan in flight per controller: a newer plan supersedes a waiting one, and only the newer is retried', async () => {
      const { sut, published, advance, ack } = await setup();
      const first = await sut.dispatch(junction.id, safeRequest());
      const second = await sut.dispatch(junction.id, safeRequest());
      const third = await sut.dispatch(junction.id, safeRequest());
      expect(sut.plansFor(junction.id).map((p) => [p.plan.planId, p.status])).toEqual([
        [third.plan.planId, 'sent'],
        [second.plan.planId, 'superseded'],
        [first.plan.planId, 'superseded'],
      ]);
      advance(5_000);
      expect(published.map((m) => JSON.parse(m.payload.toString()).planId)).toEqual([first.plan.planId, second.plan.planId, third.plan.planId, third.plan.planId]);
      // An acknowledgement of a superseded plan does not resurrect it.
      ack(first.plan.planId);
      expect(sut.plansFor(junction.id)[2]?.status).toBe('superseded');
      ack(third.plan.planId);
      advance(60_000);
      expect(published).toHaveLength(4);
      expect(sut.plansFor(junction.id)[0]?.status).toBe('accepted');
    });

    it('marks a plan that expires before its acknowledgement `expired` and stops retrying it', async () => {
      const { sut, published, advance, actions } = await setup();
      await sut.dispatch(junction.id, { ...safeRequest(), validForS: 12 });
      advance(5_000);
      advance(10_000);
      expect(published).toHaveLength(2);
      expect(sut.plansFor(junction.id)[0]?.status).toBe('expired');
      expect(actions()).toEqual(['plan-sent', 'plan-retried', 'plan-expired']);
      expect(sut.isDegraded(junction.id)).toBe(false);
    });

    it('audits a plan the safety validator refused, with the actor', async () => {
      const { sut, events } = await setup();
      const request = safeRequest();
      request.splits[0]!.greenS = 1;
      await expect(sut.dispatch(junction.id, request, { source: 'operator', actor: 'ops' })).rejects.toThrow(UnsafePlanError);
      expect(events).toEqual([expect.objectContaining({ action: 'plan-refused', actor: 'ops', intersectionId: junction.id })]);
    });
  });
});
