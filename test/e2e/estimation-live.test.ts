/**
 * Estimation, data quality and KPIs running live in the processor, on a clock the test moves: a jam published over
 * MQTT for the detectors of one link is graded congested once the clock passes a whole minute, the link estimate and
 * the detector quality answer over REST, the KPIs are stored in InfluxDB and come back from GET /api/kpis, and a /ws
 * client receives the `estimates` and `kpis` messages; the jam also raises a congestion alert for the link.
 */
import mqtt from 'mqtt';
import { Value } from '@sinclair/typebox/value';
import { AlertList, DetectorEstimateAnswer, DetectorQuality, IntersectionEstimateAnswer, KpiSeries, LinkEstimateAnswer } from '@arterial/contracts/api/v1';
import { ServerMessage } from '@arterial/contracts/live/v1';
import { detectorsOf, intersectionsOf, type NetworkModel } from '@arterial/contracts/network';
import { LiveStateService, ManualClock, type RunningProcessor } from '@arterial/processor';
import { LiveFeedClient } from '../support/live-feed-client';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const MIN = 60_000;

describe('estimation, quality and KPIs live', () => {
  let platform: TestPlatform;
  let processor: RunningProcessor;
  let clock: ManualClock;
  let live: LiveFeedClient | undefined;
  let device: mqtt.MqttClient | undefined;

  beforeAll(async () => {
    // 10 s past a whole minute of real time: stored points fall inside raw retention, and the next boundary is 50 s away
    clock = new ManualClock(Math.floor(Date.now() / MIN) * MIN + 10_000);
    platform = await createTestPlatform('estimation-live');
    // One jammed step is all this test feeds: congestion alerts raise on the first congested step here (default 3).
    processor = await platform.startProcessor({ clock, config: { alerts: { congestionRaiseSteps: 1 } } });
  }, 45_000);

  afterAll(async () => {
    live?.close();
    await device?.endAsync();
    await platform?.dispose();
  });

  it('grades a jammed link congested after the minute, answers it over REST and /ws, and stores the KPIs', async () => {
    const network = (await (await fetch(`${processor.httpUrl}/api/network`)).json()) as NetworkModel;
    const detectors = detectorsOf(network).map((f) => f.properties);
    const linkId = detectors.find((d) => d.placement === 'advance')?.linkId;
    if (!linkId) throw new Error('the demo network has no advance detector');
    const onLink = detectors.filter((d) => d.linkId === linkId);
    const boundary = Math.floor(clock.now() / MIN) * MIN + MIN;

    live = await LiveFeedClient.connect(processor.wsUrl);
    device = await mqtt.connectAsync(processor.mqttUrl, { clientId: 'estimation-live-detectors', reconnectPeriod: 0 });
    // A jam: 600 veh/h per lane at 60 % occupancy and 6 km/h, intervals ending one second before the boundary.
    clock.set(boundary - 500);
    for (const d of onLink) {
      const payload = { ts: boundary - 1000, seq: 1, intervalS: d.intervalS, volume: Math.round((600 * d.intervalS) / 3600), occupancyPct: 60, speedKph: 6, health: 'ok' };
      await device.publishAsync(`arterial/v1/detectors/${d.id}/measurement`, JSON.stringify(payload), { qos: 1 });
    }
    const state = processor.app.get(LiveStateService);
    await waitFor(() => onLink.every((d) => state.detector(d.id)?.ts === boundary - 1000), { timeoutMs: 10_000, what: 'measurements accepted' });

    const before = (await (await fetch(`${processor.httpUrl}/api/links/${linkId}/estimate`)).json()) as LinkEstimateAnswer;
    expect(before).toEqual({ linkId, ts: null, estimate: null });

    clock.set(boundary + 100);
    let answer: LinkEstimateAnswer | undefined;
    await waitFor(
      async () => {
        answer = (await (await fetch(`${processor.httpUrl}/api/links/${linkId}/estimate`)).json()) as LinkEstimateAnswer;
        return answer.ts === boundary;
      },
      { timeoutMs: 10_000, what: 'the estimation step at the boundary' },
    );
    // the answers are exactly the contract's shapes
    expect([...Value.Errors(LinkEstimateAnswer, answer)]).toEqual([]);
    expect(answer?.estimate?.level).toBe('seriously-congested');
    expect(answer?.estimate?.levelZh).toBe('严重拥堵');
    expect(answer?.estimate?.speedKph).toEqual({ value: 6, provenance: 'measured' });
    expect(answer?.estimate?.tti.value).toBeGreaterThan(2);
    expect((await fetch(`${processor.httpUrl}/api/links/no-such-link/estimate`)).status).toBe(404);

    const detector = (await (await fetch(`${processor.httpUrl}/api/detectors/${onLink[0]!.id}/estimate`)).json()) as DetectorEstimateAnswer;
    expect([...Value.Errors(DetectorEstimateAnswer, detector)]).toEqual([]);
    expect(detector).toMatchObject({ detectorId: onLink[0]!.id, ts: boundary, estimate: { linkId, occupancyPct: { value: 60, provenance: 'measured' }, quality: { usedMeasurement: true } } });
    const intersectionId = intersectionsOf(network).find((f) => f.properties.approaches.some((a) => a.linkId === linkId))?.properties.id;
    if (!intersectionId) throw new Error(`no intersection has an approach on ${linkId}`);
    const junction = (await (await fetch(`${processor.httpUrl}/api/intersections/${intersectionId}/estimate`)).json()) as IntersectionEstimateAnswer;
    expect([...Value.Errors(IntersectionEstimateAnswer, junction)]).toEqual([]);
    expect(junction.ts).toBe(boundary);
    expect(junction.approaches.find((a) => a.linkId === linkId)).toMatchObject({ intersectionId, speedKph: { value: 6, provenance: 'measured' } });

    const quality = (await (await fetch(`${processor.httpUrl}/api/detectors/${onLink[0]!.id}/quality`)).json()) as DetectorQuality;
    expect([...Value.Errors(DetectorQuality, quality)]).toEqual([]);
    expect(quality).toMatchObject({ detectorId: onLink[0]!.id, ts: boundary, rolling: { faults: [] }, daily: { diagnosis: { stats: { received: 1 } } } });

    await waitFor(() => live!.messages.some((m) => m.message.type === 'kpis' && m.message.ts === boundary), { timeoutMs: 5_000, what: 'kpis on /ws' });
    for (const { message } of live.messages) expect([...Value.Errors(ServerMessage, message)]).toEqual([]);
    const estimates = live.messages.map((m) => m.message).filter((m): m is Extract<ServerMessage, { type: 'estimates' }> => m.type === 'estimates');
    expect(estimates.flatMap((m) => m.links).find((l) => l.id === linkId)).toEqual({ id: linkId, level: 'seriously-congested', tti: expect.any(Number) as number, speedKph: 6, provenance: 'measured' });
    const kpis = live.messages.map((m) => m.message).find((m): m is Extract<ServerMessage, { type: 'kpis' }> => m.type === 'kpis')!;
    const networkKpi = kpis.kpis[0]!;
    expect(networkKpi).toMatchObject({ areaId: 'network', ts: boundary, intervalS: 60 });
    expect(networkKpi.congestedLinkKm).toBeGreaterThan(0);
    expect(networkKpi.delayVehH).toBeGreaterThan(0);

    let series: KpiSeries | undefined;
    await waitFor(
      async () => {
        series = (await (await fetch(`${processor.httpUrl}/api/kpis?from=${boundary - MIN}&to=${boundary + MIN}&step=60`)).json()) as KpiSeries;
        return series.points.length > 0;
      },
      { timeoutMs: 10_000, what: 'KPIs stored in InfluxDB' },
    );
    expect([...Value.Errors(KpiSeries, series)]).toEqual([]);
    expect(series).toMatchObject({ areaId: 'network', stepS: 60, points: [{ ts: boundary, samples: 1 }] });
    expect(series!.points[0]!.congestedLinkKm).toBeCloseTo(networkKpi.congestedLinkKm, 9);
    expect(series!.points[0]!.delayVehH).toBeCloseTo(networkKpi.delayVehH, 9);
    // the default range (the last 24 h) holds the same interval in its 5-minute bucket
    const defaults = (await (await fetch(`${processor.httpUrl}/api/kpis`)).json()) as KpiSeries;
    expect(defaults.stepS).toBe(300);
    expect(defaults.points.reduce((n, p) => n + p.samples, 0)).toBe(1);

    // the jam raises a congestion-now alert for the link, from the same estimation step
    const alerts = (await (await fetch(`${processor.httpUrl}/api/alerts?kind=congestion&state=raised`)).json()) as AlertList;
    expect([...Value.Errors(AlertList, alerts)]).toEqual([]);
    expect(alerts.alerts.filter((a) => a.place.id === linkId)).toEqual([expect.objectContaining({ kind: 'congestion', state: 'raised', place: expect.objectContaining({ type: 'link', id: linkId }) as unknown })]);
  }, 45_000);
});
