/**
 * Prediction running live in the processor, on a clock the test moves: five minutes of measurements for the detectors
 * of one link, published over MQTT minute by minute, make one 5-minute model row; at that estimation step the link
 * and its detectors get forecasts at 5, 15, 30 and 60 minutes with ordered 80 % intervals over REST, a /ws client
 * receives the `predictions` message, and the forecasts are stored in InfluxDB (measurement `prediction`).
 */
import mqtt from 'mqtt';
import { Value } from '@sinclair/typebox/value';
import { DetectorPredictionAnswer, LinkEstimateAnswer, LinkPredictionAnswer } from '@arterial/contracts/api/v1';
import { ServerMessage } from '@arterial/contracts/live/v1';
import { detectorsOf, type NetworkModel } from '@arterial/contracts/network';
import { LiveStateService, ManualClock, type RunningProcessor } from '@arterial/processor';
import { LiveFeedClient } from '../support/live-feed-client';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const MIN = 60_000;
const ROW = 5 * MIN;

describe('prediction live', () => {
  let platform: TestPlatform;
  let processor: RunningProcessor;
  let clock: ManualClock;
  let live: LiveFeedClient | undefined;
  let device: mqtt.MqttClient | undefined;

  beforeAll(async () => {
    // 10 s past a whole 5 minutes of real time: stored points fall inside raw retention; the next row ends 5 minutes on
    clock = new ManualClock(Math.floor(Date.now() / ROW) * ROW + 10_000);
    platform = await createTestPlatform('prediction-live');
    processor = await platform.startProcessor({ clock });
  }, 45_000);

  afterAll(async () => {
    live?.close();
    await device?.endAsync();
    await platform?.dispose();
  });

  async function get<T>(url: string): Promise<{ status: number; body: T }> {
    const res = await fetch(`${processor.httpUrl}${url}`);
    return { status: res.status, body: (await res.json()) as T };
  }

  it('forecasts a link and its detectors at four horizons after a 5-minute row, over REST, /ws and in storage', async () => {
    const network = (await get<NetworkModel>('/api/network')).body;
    const detectors = detectorsOf(network).map((f) => f.properties);
    const linkId = detectors.find((d) => d.placement === 'advance')?.linkId;
    if (!linkId) throw new Error('the demo network has no advance detector');
    const onLink = detectors.filter((d) => d.linkId === linkId);
    const rowEnd = Math.floor(clock.now() / ROW) * ROW + ROW;

    expect((await get<LinkPredictionAnswer>(`/api/links/${linkId}/prediction`)).body).toEqual({ linkId, roadClass: 'arterial', issuedAt: null, model: null, calibrated: null, forecasts: null });
    expect((await get<unknown>('/api/links/no-such-link/prediction')).status).toBe(404);

    live = await LiveFeedClient.connect(processor.wsUrl);
    device = await mqtt.connectAsync(processor.mqttUrl, { clientId: 'prediction-live-detectors', reconnectPeriod: 0 });
    const state = processor.app.get(LiveStateService);
    // Slowing traffic, one measurement per detector per minute, each minute stepped before the next is published.
    for (let minute = 1; minute <= 5; minute++) {
      const boundary = rowEnd - ROW + minute * MIN;
      clock.set(boundary - 500);
      for (const d of onLink) {
        const speedKph = 40 - 5 * minute;
        const payload = { ts: boundary - 1000, seq: minute, intervalS: d.intervalS, volume: Math.round((500 * d.intervalS) / 3600), occupancyPct: 10 + 5 * minute, speedKph, health: 'ok' };
        await device.publishAsync(`arterial/v1/detectors/${d.id}/measurement`, JSON.stringify(payload), { qos: 1 });
      }
      await waitFor(() => onLink.every((d) => state.detector(d.id)?.ts === boundary - 1000), { timeoutMs: 10_000, what: `minute ${minute} accepted` });
      clock.set(boundary + 100);
      await waitFor(async () => (await get<LinkEstimateAnswer>(`/api/links/${linkId}/estimate`)).body.ts === boundary, { timeoutMs: 10_000, what: `estimation step ${minute}` });
    }

    let answer: LinkPredictionAnswer | undefined;
    await waitFor(
      async () => {
        answer = (await get<LinkPredictionAnswer>(`/api/links/${linkId}/prediction`)).body;
        return answer.issuedAt === rowEnd;
      },
      { timeoutMs: 10_000, what: 'the prediction step at the row end' },
    );
    expect([...Value.Errors(LinkPredictionAnswer, answer)]).toEqual([]);
    expect(answer?.model).toBe('persistence');
    expect(answer?.forecasts?.map((f) => [f.horizonMin, f.targetTs - rowEnd])).toEqual([
      [5, 5 * MIN],
      [15, 15 * MIN],
      [30, 30 * MIN],
      [60, 60 * MIN],
    ]);
    for (const f of answer!.forecasts!) {
      for (const v of [f.flowVph, f.speedKph, f.occupancyPct]) {
        expect(v).not.toBeNull();
        expect(v!.lower).toBeLessThanOrEqual(v!.value);
        expect(v!.value).toBeLessThanOrEqual(v!.upper);
      }
      // persistence of the row's mean speed, 25 km/h (40 − 5 × 1…5 averaged): 轻度拥堵 on an arterial
      expect(f.speedKph?.value).toBeCloseTo(25, 5);
      expect(f.level).toBe('lightly-congested');
      expect(f.levelConfidence).toBeGreaterThanOrEqual(0);
    }
    const detector = (await get<DetectorPredictionAnswer>(`/api/detectors/${onLink[0]!.id}/prediction`)).body;
    expect([...Value.Errors(DetectorPredictionAnswer, detector)]).toEqual([]);
    expect(detector).toMatchObject({ detectorId: onLink[0]!.id, issuedAt: rowEnd, model: 'persistence' });
    expect(detector.forecasts).toHaveLength(4);

    await waitFor(() => live!.messages.some((m) => m.message.type === 'predictions' && m.message.ts === rowEnd), { timeoutMs: 5_000, what: 'predictions on /ws' });
    for (const { message } of live.messages) expect([...Value.Errors(ServerMessage, message)]).toEqual([]);
    const sent = live.messages.map((m) => m.message).find((m): m is Extract<ServerMessage, { type: 'predictions' }> => m.type === 'predictions')!;
    expect(sent.links.find((l) => l.id === linkId)?.horizons.map((h) => [h.horizonMin, h.level])).toEqual([
      [5, 'lightly-congested'],
      [15, 'lightly-congested'],
      [30, 'lightly-congested'],
      [60, 'lightly-congested'],
    ]);

    // stored: per link target and horizon, one point at the issue time
    let rows: unknown[][] = [];
    await waitFor(
      async () => {
        const body = await platform.influx.query(`SELECT "value", "lower", "upper", "model" FROM "prediction" WHERE "linkId" = '${linkId}' AND "target" = 'speedKph' GROUP BY "horizonMin"`, platform.influxDb);
        rows = (body.results?.[0]?.series ?? []).map((s) => [s.tags?.horizonMin, ...(s.values?.[0] ?? [])]);
        return rows.length === 4;
      },
      { timeoutMs: 10_000, what: 'predictions stored in InfluxDB' },
    );
    expect(rows.map((r) => r[0]).sort((a, b) => Number(a) - Number(b))).toEqual(['5', '15', '30', '60']);
    for (const [, time, value, lower, upper, model] of rows) {
      expect(time).toBe(rowEnd);
      expect(value as number).toBeCloseTo(25, 5);
      expect(lower as number).toBeLessThanOrEqual(value as number);
      expect(upper as number).toBeGreaterThanOrEqual(value as number);
      expect(model).toBe('persistence');
    }
  }, 50_000);
});
