/**
 * Closed-loop control end to end: the processor with its embedded broker (TCP), a private InfluxDB, /ws, and
 * controllers played by MQTT clients: one that acknowledges, one that stays silent.
 */
import mqtt from 'mqtt';
import type { AuditList, ControlAuditEvent, DispatchedPlan, Override, OverrideList, PlanList } from '@arterial/contracts/api/v1';
import type { RunningProcessor } from '@arterial/processor';
import { LiveFeedClient } from '../support/live-feed-client';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

interface Junction {
  id: string;
  fallbackPlan: { cycleS: number; splits: Array<{ phase: number; greenS: number }> };
  phases: Array<{ id: number }>;
}

describe('control end to end: delivery, audit and overrides', () => {
  let platform: TestPlatform;
  let processor: RunningProcessor;
  let live: LiveFeedClient;
  let controller: mqtt.MqttClient;
  let junctions: Junction[];
  const received: Array<{ topic: string; payload: { planId?: string; commandId?: string; action?: string } }> = [];

  beforeAll(async () => {
    platform = await createTestPlatform('control-e2e');
    processor = await platform.startProcessor({ config: { planDelivery: { ackTimeoutMs: 400, retries: 2, maxWaitMs: 1000, pollMs: 50 } } });
    live = await LiveFeedClient.connect(processor.wsUrl);
    const network = (await (await fetch(`${processor.httpUrl}/api/network`)).json()) as { features: Array<{ properties: Junction & { kind: string } }> };
    junctions = network.features.filter((f) => f.properties.kind === 'intersection').map((f) => f.properties);
    const [acking] = junctions;
    controller = await mqtt.connectAsync(processor.mqttUrl, { clientId: 'control-e2e-controller', reconnectPeriod: 0 });
    // One controller acknowledges every plan and command; the second junction's controller is silent.
    controller.on('message', (topic, payload) => {
      const message = JSON.parse(payload.toString()) as { planId?: string; commandId?: string; action?: string };
      received.push({ topic, payload: message });
      if (!topic.includes(`/${acking!.id}/`)) return;
      if (topic.endsWith('/plan')) void controller.publishAsync(`arterial/v1/controllers/${acking!.id}/plan/ack`, JSON.stringify({ planId: message.planId, accepted: true }), { qos: 1 });
      if (topic.endsWith('/command')) void controller.publishAsync(`arterial/v1/controllers/${acking!.id}/command/ack`, JSON.stringify({ commandId: message.commandId, accepted: true }), { qos: 1 });
    });
    await controller.subscribeAsync(['arterial/v1/controllers/+/plan', 'arterial/v1/controllers/+/command'], { qos: 1 });
  }, 60_000);

  afterAll(async () => {
    live?.close();
    await controller?.endAsync();
    await platform?.dispose();
  });

  const post = (path: string, body: unknown, actor?: string) =>
    fetch(`${processor.httpUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(actor ? { 'x-arterial-actor': actor } : {}) }, body: JSON.stringify(body) });
  const get = async <T>(path: string): Promise<T> => (await (await fetch(`${processor.httpUrl}${path}`)).json()) as T;
  const planOf = (j: Junction) => ({ cycleS: j.fallbackPlan.cycleS, offsetS: 0, splits: j.fallbackPlan.splits.map((s) => ({ ...s })), reason: 'e2e timing' });
  const liveEvents = (): ControlAuditEvent[] => live.messages.flatMap((m) => (m.message.type === 'control' ? m.message.events : []));

  it('sends a plan at QoS 1, stores its acknowledgement, and answers it from storage with its origin', async () => {
    const [j] = junctions;
    const res = await post(`/api/intersections/${j!.id}/plans`, planOf(j!));
    expect(res.status).toBe(202);
    const sent = (await res.json()) as DispatchedPlan;
    const plans = await waitFor(async () => {
      const list = await get<PlanList>(`/api/intersections/${j!.id}/plans`);
      return list.plans.find((p) => p.plan.planId === sent.plan.planId && p.status === 'accepted') ? list : undefined;
    }, { timeoutMs: 10_000, what: 'accepted plan' });
    expect(plans.plans[0]).toMatchObject({ origin: { source: 'operator', actor: 'api' }, attempts: 1 });
    // Durable: the audit trail in InfluxDB has the send and the acknowledgement.
    const audit = await waitFor(async () => {
      const a = await get<AuditList>(`/api/audit?intersectionId=${j!.id}`);
      return a.events.some((e) => e.action === 'plan-accepted' && e.refId === sent.plan.planId) ? a : undefined;
    }, { timeoutMs: 10_000, what: 'audited acknowledgement' });
    expect(audit.events.find((e) => e.action === 'plan-sent' && e.refId === sent.plan.planId)).toMatchObject({ actor: 'api', reason: 'e2e timing' });
  });

  it('retries a silent controller a bounded number of times, then times out and marks it degraded', async () => {
    const silent = junctions[1]!;
    const sent = (await (await post(`/api/intersections/${silent.id}/plans`, planOf(silent))).json()) as DispatchedPlan;
    await waitFor(async () => (await get<PlanList>(`/api/intersections/${silent.id}/plans`)).plans.find((p) => p.plan.planId === sent.plan.planId && p.status === 'timeout'), {
      timeoutMs: 10_000,
      what: 'plan timeout',
    });
    // 1 + 2 retries of the same plan id, and no more after the timeout.
    await new Promise((r) => setTimeout(r, 1500));
    expect(received.filter((m) => m.payload.planId === sent.plan.planId)).toHaveLength(3);
    await waitFor(() => liveEvents().find((e) => e.action === 'controller-degraded' && e.intersectionId === silent.id), { timeoutMs: 5_000, what: 'degraded on /ws' });
  });

  it('applies an override, keeps it audited (REST and /ws), and resumes adaptive control', async () => {
    const j = junctions[0]!;
    const res = await post(`/api/intersections/${j.id}/overrides`, { action: 'hold-phase', phase: j.phases[0]!.id, durationS: 120, reason: 'incident on the east arm' }, 'alice');
    expect(res.status).toBe(201);
    const override = (await res.json()) as Override;
    expect(override).toMatchObject({ action: 'hold-phase', actor: 'alice', state: 'pending' });
    const active = await waitFor(async () => (await get<OverrideList>(`/api/intersections/${j.id}/overrides`)).active ?? undefined, { timeoutMs: 5_000, what: 'override' });
    await waitFor(async () => ((await get<OverrideList>(`/api/intersections/${j.id}/overrides`)).active?.state === 'active' ? true : undefined), { timeoutMs: 5_000, what: 'command acknowledged' });
    expect(active.overrideId).toBe(override.overrideId);
    expect(received.find((m) => m.payload.commandId === override.commandId)?.payload.action).toBe('hold-phase');
    await waitFor(() => live.messages.find((m) => m.message.type === 'overrides' && m.message.overrides.some((o) => o.overrideId === override.overrideId && o.state === 'active')), {
      timeoutMs: 5_000,
      what: 'override on /ws',
    });

    const resumed = await post(`/api/intersections/${j.id}/overrides`, { action: 'resume-adaptive', reason: 'cleared', actor: 'bob' });
    expect(resumed.status).toBe(201);
    expect((await get<OverrideList>(`/api/intersections/${j.id}/overrides`)).active).toBeNull();
    expect((await post(`/api/intersections/${j.id}/overrides`, { action: 'resume-adaptive', reason: 'again' })).status).toBe(409);
    const audit = await waitFor(async () => {
      const a = await get<AuditList>(`/api/audit?intersectionId=${j.id}`);
      return a.events.some((e) => e.action === 'override-ended' && e.refId === override.overrideId) ? a : undefined;
    }, { timeoutMs: 10_000, what: 'audited override' });
    expect(audit.events.find((e) => e.action === 'override-started' && e.refId === override.overrideId)).toMatchObject({ actor: 'alice', reason: 'incident on the east arm' });
    expect(audit.events.find((e) => e.action === 'override-ended' && e.refId === override.overrideId)).toMatchObject({ actor: 'bob', reason: 'resumed by bob' });
    expect(liveEvents().some((e) => e.action === 'override-started' && e.refId === override.overrideId)).toBe(true);
    expect((await post(`/api/intersections/${j.id}/overrides`, { action: 'hold-phase', phase: j.phases[0]!.id, durationS: 301, reason: 'too long' })).status).toBe(400);
  });

  it('refuses an unsafe plan posted by hand with 422 and never publishes it', async () => {
    const j = junctions[2]!;
    const unsafe = planOf(j);
    unsafe.splits[0]!.greenS = 1;
    const before = received.length;
    const res = await post(`/api/intersections/${j.id}/plans`, unsafe);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { violations: unknown[] }).violations.length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(received.slice(before).filter((m) => m.topic.includes(`/${j.id}/`))).toEqual([]);
    await waitFor(async () => (await get<AuditList>(`/api/audit?intersectionId=${j.id}`)).events.find((e) => e.action === 'plan-refused'), { timeoutMs: 10_000, what: 'audited refusal' });
  });
});
