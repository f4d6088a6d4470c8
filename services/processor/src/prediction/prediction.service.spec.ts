import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DecodedMessage } from '@arterial/contracts/mqtt/v1';
import { Subject } from 'rxjs';
import { ManualClock } from '../clock/clock';
import type { ProcessorConfig } from '../config/processor-config';
import { corridorNetwork } from '../estimation/estimation-fixtures.spec-helper';
import { EstimationService } from '../estimation/estimation.service';
import { NetworkService } from '../network/network.service';
import { InMemoryTimeSeriesStore } from '../storage/in-memory-time-series-store';
import type { TimeSeriesRecord } from '../storage/time-series-store';
import type { NetworkPrediction } from './network.predictor';
import { DEFAULT_PREDICTION_OPTIONS, PredictionService } from './prediction.service';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 15, 0, 0, 30);

class RecordingStore extends InMemoryTimeSeriesStore {
  readonly records: TimeSeriesRecord[] = [];
  override write(records: readonly TimeSeriesRecord[]): void {
    this.records.push(...records);
    super.write(records);
  }
}

function measurement(detectorId: string, ts: number, volume: number, occupancyPct: number, speedKph?: number): DecodedMessage {
  return { kind: 'measurement', deviceId: detectorId, payload: { ts, seq: ts / 1000, intervalS: 60, volume, occupancyPct, ...(speedKph !== undefined ? { speedKph } : {}), health: 'ok' } };
}

describe(PredictionService.name, () => {
  let dir: string;
  let clock: ManualClock;
  let accepted: Subject<DecodedMessage>;
  let store: RecordingStore;
  let estimation: EstimationService;
  let sut: PredictionService;
  let updates: NetworkPrediction[];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prediction-service-'));
    const networkFile = path.join(dir, 'network.geojson');
    fs.writeFileSync(networkFile, JSON.stringify(corridorNetwork({ intervalS: 60 })));
    const network = new NetworkService({ networkFile } as ProcessorConfig);
    clock = new ManualClock(T0);
    accepted = new Subject();
    store = new RecordingStore();
    estimation = new EstimationService(accepted, clock, store, network, { periodMs: MIN, pollMs: 3_600_000, maxPendingSamples: 1000 });
    sut = new PredictionService(estimation, network, store, DEFAULT_PREDICTION_OPTIONS);
    updates = [];
    sut.updates$.subscribe((u) => updates.push(u));
    estimation.onModuleInit();
    sut.onModuleInit();
  });

  afterEach(() => {
    sut.onModuleDestroy();
    estimation.onModuleDestroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Minutes of a jam on L1 (light traffic on L2), each followed by its estimation step. */
  function minutes(count: number): void {
    for (let i = 0; i < count; i++) {
      const boundary = Math.floor(clock.now() / MIN) * MIN + MIN;
      for (const id of ['L1-A1', 'L1-A2']) accepted.next(measurement(id, boundary, 10, 60, 6));
      for (const id of ['L1-S1', 'L1-S2']) accepted.next(measurement(id, boundary, 10, 60));
      for (const id of ['L2-A1', 'L2-A2']) accepted.next(measurement(id, boundary, 8, 6, 45));
      clock.set(boundary + 200);
      estimation.step(boundary);
    }
  }

  it('knows the network, and answers nothing before the first prediction step', () => {
    expect(sut.knowsDetector('L1-A1')).toBe(true);
    expect(sut.knowsDetector('nobody')).toBe(false);
    expect(sut.roadClass('L1')).toBe('arterial');
    expect(sut.roadClass('nowhere')).toBeUndefined();
    expect(sut.latestLink('L1')).toBeUndefined();
    expect(sut.latestDetector('L1-A1')).toBeUndefined();
  });

  it('predicts on the estimation steps that end a 5-minute row, keeps the latest, publishes and stores it', () => {
    minutes(4);
    expect(updates).toHaveLength(0);
    minutes(1); // 00:05

    expect(updates).toHaveLength(1);
    const issuedAt = Date.UTC(2026, 0, 15, 0, 5);
    const link = sut.latestLink('L1');
    expect(link?.prediction.issuedAt).toBe(issuedAt);
    expect(link?.prediction.model).toBe('persistence');
    expect(link?.forecasts.map((f) => f.horizonMin)).toEqual([5, 15, 30, 60]);
    expect(link?.forecasts[0]).toMatchObject({ targetTs: issuedAt + 5 * MIN, speedKph: { value: 6 }, level: 'seriously-congested', levelConfidence: 1 });
    expect(sut.latestLink('L2')?.forecasts[0]?.level).toBe('smooth');
    expect(sut.latestDetector('L1-S1')?.forecasts[3]?.flowVph?.value).toBe(600);

    const predictions = store.records.filter((r): r is Extract<TimeSeriesRecord, { kind: 'prediction' }> => r.kind === 'prediction');
    expect(predictions.every((p) => p.ts === issuedAt && p.model === 'persistence' && p.lower <= p.value && p.value <= p.upper)).toBe(true);
    expect(predictions).toContainEqual({ kind: 'prediction', ts: issuedAt, place: { linkId: 'L1' }, target: 'speedKph', horizonMin: 60, value: 6, lower: 6, upper: 6, model: 'persistence' });
    // 4 horizons of flow and occupancy for each of the 6 detectors and 2 links, speed where known
    expect(predictions.filter((p) => p.target === 'flowVph')).toHaveLength(4 * (6 + 2));

    minutes(5);
    expect(updates.map((u) => u.issuedAt)).toEqual([issuedAt, issuedAt + 5 * MIN]);
  });

  it('stops publishing once destroyed', () => {
    sut.onModuleDestroy();
    minutes(5);

    expect(updates).toHaveLength(0);
    expect(sut.latestLink('L1')).toBeUndefined();
  });
});
