/**
 * Quality and estimate history through REST, on a clock the test moves across a local midnight (UTC+8): detectors of
 * one link report every interval of the day's last ten minutes, another detector every other interval. Before
 * midnight `GET /api/quality/daily` shows today's report so far, the same the detector's quality route gives; after
 * the first step of the new day the finished day's reports are stored in InfluxDB and answered from there, and
 * `GET /api/links/{id}/estimates` gives the link's stored one-minute estimates.
 */
import mqtt from 'mqtt';
import { Value } from '@sinclair/typebox/value';
import { DailyQualityAnswer, DetectorQuality, LinkEstimateHistory, LinkEstimateSeries } from '@arterial/contracts/api/v1';
import { detectorsOf, type NetworkModel } from '@arterial/contracts/network';
import { LiveStateService, ManualClock, type RunningProcessor } from '@arterial/processor';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const MIN = 60_000;
const DAY = 86_400_000;
const UTC_OFFSET_MS = 8 * 3600_000;
/** The last local midnight (UTC+8) before now: inside raw retention, and the day before it is a finished day. */
const MIDNIGHT = Math.floor((Date.now() + UTC_OFFSET_MS) / DAY) * DAY - UTC_OFFSET_MS;
const START = MIDNIGHT - 10 * MIN;
const dayKey = (ms: number) => new Date(ms + UTC_OFFSET_MS).toISOString().slice(0, 10);

describe('quality and estimate history', () => {
  let platform: TestPlatform;
  let processor: RunningProcessor;
  let clock: ManualClock;
  let device: mqtt.MqttClient | undefined;

  beforeAll(async () => {
    clock = new ManualClock(START);
    platform = await createTestPlatform('quality-history');
    processor = await platform.startProcessor({ clock });
  }, 45_000);

  afterAll(async () => {
    await device?.endAsync();
    await platform?.dispose();
  });

  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${processor.httpUrl}${path}`);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  it("stores each detector's report of a finished local day and answers it with today's so far, and a link's estimates", async () => {
    const network = await get<NetworkModel>('/api/network');
    const detectors = detectorsOf(network).map((f) => f.properties);
    const linkId = detectors.find((d) => d.placement === 'advance')?.linkId;
    if (!linkId) throw new Error('the demo network has no advance detector');
    const full = detectors.filter((d) => d.linkId === linkId);
    const half = detectors.find((d) => d.linkId !== linkId);
    if (!half || full.some((d) => d.intervalS !== half.intervalS)) throw new Error('the test wants detectors with one interval');
    const intervalMs = half.intervalS * 1000;
    const yesterday = dayKey(START);
    const today = dayKey(MIDNIGHT);

    device = await mqtt.connectAsync(processor.mqttUrl, { clientId: 'quality-history-detectors', reconnectPeriod: 0 });
    const state = processor.app.get(LiveStateService);
    let seq = 0;
    /** Intervals ending in (fromMs, toMs]: every one for the link's detectors, every other one for `half`. */
    const publish = async (fromMs: number, toMs: number) => {
      for (let ts = fromMs + intervalMs; ts <= toMs; ts += intervalMs) {
        seq += 1;
        const senders = (ts - START) % (2 * intervalMs) === 0 ? [...full, half] : full;
        for (const d of senders) {
          const payload = { ts, seq, intervalS: d.intervalS, volume: 2, occupancyPct: 8, speedKph: 45, health: 'ok' };
          await device!.publishAsync(`arterial/v1/detectors/${d.id}/measurement`, JSON.stringify(payload), { qos: 1 });
        }
      }
      await waitFor(() => full.every((d) => state.detector(d.id)?.ts === toMs) && state.detector(half.id)?.ts === toMs, { timeoutMs: 15_000, what: 'measurements accepted' });
    };
    const stepped = (ts: number) =>
      waitFor(async () => (await get<{ ts: number | null }>(`/api/links/${linkId}/estimate`)).ts === ts, { timeoutMs: 15_000, what: `the estimation step at ${ts}` });

    // the day's last ten minutes, in two halves (measurements may be at most 5 min ahead of the centre's clock)
    await publish(START, START + 5 * MIN);
    clock.set(START + 5 * MIN + 100);
    await stepped(START + 5 * MIN);
    await publish(START + 5 * MIN, MIDNIGHT);
    clock.set(MIDNIGHT - 30_000);
    await stepped(MIDNIGHT - MIN);

    // before midnight: today's column is the running report, the same the detector's quality route gives now
    const running = await get<DailyQualityAnswer>(`/api/quality/daily?detector=${half.id}`);
    expect([...Value.Errors(DailyQualityAnswer, running)]).toEqual([]);
    expect(running.days).toHaveLength(14);
    expect(running.days[13]).toBe(yesterday);
    const route = await get<DetectorQuality>(`/api/detectors/${half.id}/quality`);
    const { score, completeness, status, faults, warnings } = route.daily.diagnosis;
    expect(running.detectors).toEqual([{ detectorId: half.id, days: [{ day: yesterday, score, completeness, status, faults, warnings }] }]);

    // the step at midnight still belongs to the finished day; the next one stores its reports
    clock.set(MIDNIGHT + MIN + 100);
    await stepped(MIDNIGHT + MIN);
    let answer: DailyQualityAnswer | undefined;
    await waitFor(
      async () => {
        answer = await get<DailyQualityAnswer>(`/api/quality/daily?from=${yesterday}&to=${yesterday}`);
        // the reports go to InfluxDB in several write batches: wait for all of them, not the first
        return answer.detectors.length >= detectors.length;
      },
      { timeoutMs: 15_000, what: 'the finished day stored in InfluxDB' },
    );
    expect([...Value.Errors(DailyQualityAnswer, answer)]).toEqual([]);
    expect(answer!.days).toEqual([yesterday]);
    // every network detector has a report for the day; the silent ones with nothing received
    expect(answer!.detectors).toHaveLength(detectors.length);
    const report = (id: string) => answer!.detectors.find((d) => d.detectorId === id)?.days[0];
    // 60 intervals expected from 23:50 to 24:00; the last one, ending at midnight, counts for the finished day
    for (const d of full) expect(report(d.id)).toMatchObject({ day: yesterday, completeness: 1, faults: [] });
    expect(report(half.id)).toMatchObject({ day: yesterday, completeness: 0.5, faults: [] });
    expect(report(half.id)!.warnings).toContain('low-completeness');
    expect(report(half.id)!.score).toBeCloseTo(report(full[0]!.id)!.score / 2, 6);
    const silent = detectors.find((d) => d.id !== half.id && d.linkId !== linkId)!;
    expect(report(silent.id)).toMatchObject({ completeness: 0, score: 0 });

    // the default range now ends today: yesterday from the store, today's report so far from the engine
    const both = await get<DailyQualityAnswer>(`/api/quality/daily?detector=${half.id}`);
    expect(both.days.slice(-2)).toEqual([yesterday, today]);
    expect(both.detectors[0]!.days.map((d) => d.day)).toEqual([yesterday, today]);
    expect(both.detectors[0]!.days[0]).toEqual(report(half.id));
    // a day without reports is absent, not zero
    const earlier = await get<DailyQualityAnswer>(`/api/quality/daily?from=${dayKey(START - 3 * DAY)}&to=${dayKey(START - DAY)}`);
    expect(earlier).toEqual({ days: [dayKey(START - 3 * DAY), dayKey(START - 2 * DAY), dayKey(START - DAY)], detectors: [] });

    // the link's stored estimates, one per step from 23:51 to 00:01 local
    const series = await get<LinkEstimateSeries>(`/api/links/${linkId}/estimates?from=${START}&to=${MIDNIGHT + 2 * MIN}&step=60`);
    expect([...Value.Errors(LinkEstimateSeries, series)]).toEqual([]);
    expect(series.points.map((p) => p.ts)).toEqual(Array.from({ length: 11 }, (_, i) => START + (i + 1) * MIN));
    for (const p of series.points.slice(0, 10)) expect(p).toMatchObject({ level: 'smooth', speedKph: 45, samples: 1 });
    const fiveMinutes = await get<LinkEstimateSeries>(`/api/links/${linkId}/estimates?from=${START}&to=${MIDNIGHT}&step=300`);
    // 5-minute buckets from 23:50: the steps at 23:51–23:54, then 23:55–23:59 (the one at midnight is outside [from, to))
    expect(fiveMinutes.points.map((p) => [p.ts, p.samples])).toEqual([
      [START, 4],
      [START + 5 * MIN, 5],
    ]);
    // replay's bulk read answers the same buckets for every link in one request
    const all = await get<LinkEstimateHistory>(`/api/links/estimates?from=${START}&to=${MIDNIGHT}&step=300`);
    expect([...Value.Errors(LinkEstimateHistory, all)]).toEqual([]);
    expect(all.links.find((l) => l.linkId === linkId)?.points).toEqual(fiveMinutes.points);
  }, 90_000);
});
