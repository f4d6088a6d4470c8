/**
 * Alerts end to end over the real embedded broker, REST and /ws: a controller's last will raises controller-offline,
 * an operator acknowledges it over REST, the controller's return clears it after the hold time; a plan the
 * controller rejects raises plan-rejected. Small hold and rate-limit times through the processor's configuration.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { Alert, AlertList } from '@arterial/contracts/api/v1';
import { intersectionsOf, type NetworkModel } from '@arterial/contracts/network';
import type { RunningProcessor } from '@arterial/processor';
import { LiveFeedClient } from '../support/live-feed-client';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const HOLD_MS = 1_500;

describe('alerts over the broker, REST and /ws', () => {
  let platform: TestPlatform;
  let processor: RunningProcessor;
  let live: LiveFeedClient;
  let junction: string;
  let controller: MqttClient | undefined;

  beforeAll(async () => {
    platform = await createTestPlatform('alerts');
    processor = await platform.startProcessor({ config: { alerts: { clearHoldMs: HOLD_MS, reRaiseWindowMs: 60_000, tickMs: 100 } } });
    const network = (await (await fetch(`${processor.httpUrl}/api/network`)).json()) as NetworkModel;
    junction = intersectionsOf(network)[0]?.properties.id ?? '';
    live = await LiveFeedClient.connect(processor.wsUrl);
  });

  afterAll(async () => {
    live?.close();
    await controller?.endAsync(true);
    await platform?.dispose();
  });

  const statusTopic = (id: string) => `arterial/v1/controllers/${id}/status`;
  const status = (online: boolean) => JSON.stringify({ online, firmware: 'test-ctl 1.0', faults: [], ts: Date.now() });

  /** Alerts seen on /ws in `alerts` messages, in order. */
  const alertsOnWs = (): Alert[] => live.messages.flatMap(({ message }) => (message.type === 'alerts' ? message.alerts : []));
  const onWs = (kind: Alert['kind'], state: Alert['state']) =>
    waitFor(() => alertsOnWs().find((a) => a.kind === kind && a.place.id === junction && a.state === state), { timeoutMs: 10_000, what: `${kind} ${state} on /ws` });
  const listAlerts = async (query = ''): Promise<AlertList> => {
    const res = await fetch(`${processor.httpUrl}/api/alerts${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as AlertList;
  };
  const acknowledge = (id: string, body: unknown) =>
    fetch(`${processor.httpUrl}/api/alerts/${id}/acknowledge`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

  it('raises controller-offline when the controller drops and its last will arrives; seen on /ws and GET /api/alerts', async () => {
    controller = await mqtt.connectAsync(processor.mqttUrl, {
      clientId: `ctl-${junction}`,
      reconnectPeriod: 0,
      will: { topic: statusTopic(junction), payload: Buffer.from(status(false)), qos: 1, retain: true },
    });
    await controller.publishAsync(statusTopic(junction), status(true), { qos: 1, retain: true });
    await waitFor(async () => (await (await fetch(`${processor.httpUrl}/api/intersections/${junction}`)).json() as { live: { online: boolean | null } | null }).live?.online === true, {
      timeoutMs: 10_000,
      what: 'controller online',
    });
    expect(alertsOnWs()).toEqual([]);

    // Dropping the socket without DISCONNECT makes the broker publish the last will.
    controller.stream.destroy();
    const raised = await onWs('controller-offline', 'raised');

    expect(raised).toMatchObject({ severity: 'critical', place: { type: 'intersection', id: junction, name: expect.any(String) }, occurrences: 1, acknowledgedAt: null });
    const listed = await listAlerts('?state=raised&kind=controller-offline');
    expect(listed.alerts).toEqual([expect.objectContaining({ id: raised.id, state: 'raised' })]);
    expect(listed.historyError).toBeNull();
    expect((await listAlerts('?kind=plan-rejected')).alerts).toEqual([]);
  });

  it('acknowledges over REST (400 for an empty note, 404 for an unknown id) and shows it on /ws', async () => {
    const raised = await onWs('controller-offline', 'raised');
    expect((await acknowledge(raised.id, { actor: 'ops-7', note: ' ' })).status).toBe(400);
    expect((await acknowledge('no-such-alert', { actor: 'ops-7', note: 'x' })).status).toBe(404);

    const res = await acknowledge(raised.id, { actor: 'ops-7', note: 'field crew dispatched' });

    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: raised.id, state: 'acknowledged', acknowledgedBy: 'ops-7', acknowledgedNote: 'field crew dispatched' });
    expect(await onWs('controller-offline', 'acknowledged')).toMatchObject({ id: raised.id, acknowledgedBy: 'ops-7' });
    // A client connecting now starts from the open alerts in its snapshot.
    const late = await LiveFeedClient.connect(processor.wsUrl);
    try {
      const snapshot = await waitFor(() => late.messages.find((m) => m.message.type === 'snapshot')?.message, { timeoutMs: 5_000, what: 'snapshot' });
      expect(snapshot.type === 'snapshot' && snapshot.alerts?.map((a) => [a.id, a.state])).toEqual([[raised.id, 'acknowledged']]);
    } finally {
      late.close();
    }
  });

  it('clears after the hold time once the controller is back online; stored with every step; a cleared alert answers 409', async () => {
    const raised = await onWs('controller-offline', 'raised');
    controller = await mqtt.connectAsync(processor.mqttUrl, { clientId: `ctl-${junction}-2`, reconnectPeriod: 0 });
    const backAt = Date.now();
    await controller.publishAsync(statusTopic(junction), status(true), { qos: 1, retain: true });

    const cleared = await onWs('controller-offline', 'cleared');

    expect(cleared).toMatchObject({ id: raised.id, acknowledgedBy: 'ops-7' });
    expect((cleared.clearedAt ?? 0) - backAt).toBeGreaterThanOrEqual(HOLD_MS - 200);
    expect((await acknowledge(raised.id, { actor: 'ops-7', note: 'again' })).status).toBe(409);
    await processor.store.flush();
    const stored = await processor.store.alerts({ range: { fromMs: backAt - 60_000, toMs: Date.now() + 1 }, limit: 10, id: raised.id });
    expect(stored.map((a) => a.state)).toEqual(['cleared']);
    expect((await listAlerts('?state=cleared')).alerts.map((a) => a.id)).toContain(raised.id);
  });

  it('raises plan-rejected when the controller rejects a plan the centre sent', async () => {
    const network = (await (await fetch(`${processor.httpUrl}/api/network`)).json()) as NetworkModel;
    const { cycleS, splits } = intersectionsOf(network)[0]?.properties.fallbackPlan ?? { cycleS: 0, splits: [] };
    const device = controller as MqttClient;
    const planTopic = `arterial/v1/controllers/${junction}/plan`;
    device.on('message', (topic, payload) => {
      if (topic !== planTopic) return;
      const plan = JSON.parse(payload.toString()) as { planId: string };
      void device.publishAsync(`${planTopic}/ack`, JSON.stringify({ planId: plan.planId, accepted: false, reason: 'manual control at the cabinet' }), { qos: 1 });
    });
    await device.subscribeAsync(planTopic, { qos: 1 });

    const sent = await fetch(`${processor.httpUrl}/api/intersections/${junction}/plans`, {
      method: 'POST',
      body: JSON.stringify({ cycleS, offsetS: 0, splits, reason: 'alerts test' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(sent.status).toBe(202);
    const { plan } = (await sent.json()) as { plan: { planId: string } };

    const rejected = await onWs('plan-rejected', 'raised');
    expect(rejected).toMatchObject({ severity: 'warning', details: { planId: plan.planId, reason: 'manual control at the cabinet' } });
    expect((await listAlerts('?kind=plan-rejected')).alerts.map((a) => a.id)).toEqual([rejected.id]);
  });
});
