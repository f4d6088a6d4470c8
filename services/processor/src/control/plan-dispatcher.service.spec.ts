import * as path from 'node:path';
import { intersectionsOf } from '@arterial/contracts/network';
import { type DecodedMessage } from '@arterial/contracts/mqtt/v1';
import { Subject } from 'rxjs';
import { InMemoryBrokerConnection, type RoutedMessage } from '../broker/in-memory-broker-connection';
import { ManualClock } from '../clock/clock';
import { loadNetworkFile } from '../network/network.service';
import { InvalidPlanError, UnknownIntersectionError, UnsafePlanError } from './control.errors';
import type { Junctions } from './junctions';
import { PlanDispatcherService, type PlanRequest } from './plan-dispatcher.service';

const model = loadNetworkFile(path.resolve(__dirname, '..', '..', '..', '..', 'firmware-contracts', 'networks', 'demo.geojson'));
const junction = intersectionsOf(model)[0]!.properties;
const NOW = Date.UTC(2026, 10, 27, 8);

async function setup() {
  const broker = new InMemoryBrokerConnection({ subscriptions: [] });
  await broker.start();
  // What a controller subscribed to its plan topic receives, through the broker port.
  const published: RoutedMessage[] = [];
  broker.subscribeAsDevice('arterial/v1/controllers/+/plan', (m) => published.push(m));
  const junctions: Junctions = { intersection: (id) => intersectionsOf(model).find((f) => f.properties.id === id) };
  const accepted = new Subject<DecodedMessage>();
  const sut = new PlanDispatcherService(broker, junctions, accepted, new ManualClock(NOW));
  sut.onModuleInit();
  return { sut, published, accepted };
}

const safeRequest = (): PlanRequest => ({ cycleS: junction.fallbackPlan.cycleS, offsetS: 12, splits: junction.fallbackPlan.splits.map((s) => ({ ...s })), reason: 'spec: AM peak' });

describe(PlanDispatcherService.name, () => {
  it('publishes a safe plan at QoS 1 on the controller’s plan topic and matches its acknowledgement', async () => {
    const { sut, published, accepted } = await setup();
    const sent = await sut.dispatch(junction.id, safeRequest());
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ topic: `arterial/v1/controllers/${junction.id}/plan`, qos: 1 });
    expect(JSON.parse(published[0]!.payload.toString())).toMatchObject({ planId: sent.plan.planId, issuedAt: NOW, expiresAt: NOW + 900_000, offsetS: 12 });
    accepted.next({ kind: 'plan-ack', deviceId: junction.id, payload: { planId: sent.plan.planId, accepted: true, ts: NOW + 50 } });
    expect(sut.plansFor(junction.id)[0]).toMatchObject({ status: 'accepted', ackedAt: NOW });
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
});
