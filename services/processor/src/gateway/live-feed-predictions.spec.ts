import type { LinkHorizonForecast } from '@arterial/contracts/api/v1';
import type { ServerMessage } from '@arterial/contracts/live/v1';
import { Subject } from 'rxjs';
import { ManualClock } from '../clock/clock';
import { IngestCountersService } from '../ingest/ingest-counters';
import type { NetworkPrediction } from '../prediction/network.predictor';
import type { PredictionService } from '../prediction/prediction.service';
import { LiveStateService } from '../state/live-state.service';
import { LiveFeedService } from './live-feed.service';
import { NOW, OPTIONS, RecordingSocket } from './live-feed.spec-helper';


/** The part of PredictionService the live feed uses. */
class FakePrediction {
  readonly updates = new Subject<NetworkPrediction>();
  latest: NetworkPrediction | undefined;
  get updates$() {
    return this.updates.asObservable();
  }
  latestPrediction(): NetworkPrediction | undefined {
    return this.latest;
  }
  publish(p: NetworkPrediction): void {
    this.latest = p;
    this.updates.next(p);
  }
}

function prediction(issuedAt: number, levels: Record<string, LinkHorizonForecast['level']>): NetworkPrediction {
  const forecast = (level: LinkHorizonForecast['level']): LinkHorizonForecast[] => [
    { horizonMin: 5, targetTs: issuedAt + 300_000, flowVph: null, speedKph: null, occupancyPct: null, level, levelConfidence: level === null ? null : 0.83 },
  ];
  return { issuedAt, model: 'ridge', calibrated: true, horizonsMin: [5], detectors: new Map(), links: new Map(Object.entries(levels).map(([id, level]) => [id, forecast(level)])) };
}

const predictions = (socket: RecordingSocket) => socket.sent.filter((m): m is Extract<ServerMessage, { type: 'predictions' }> => m.type === 'predictions');

describe(`${LiveFeedService.name} predictions`, () => {
  let fake: FakePrediction;
  let sut: LiveFeedService;

  beforeEach(() => {
    fake = new FakePrediction();
    sut = new LiveFeedService(new LiveStateService(), new IngestCountersService(), new ManualClock(NOW), OPTIONS, null, null, fake as unknown as PredictionService);
    sut.onModuleInit();
  });

  afterEach(() => sut.onModuleDestroy());

  it('sends each step’s changed links at once, and the latest picture to a client that connects later', () => {
    const early = new RecordingSocket();
    sut.attach(early);

    fake.publish(prediction(NOW, { a: 'smooth', b: 'moderately-congested' }));
    fake.publish(prediction(NOW + 300_000, { a: 'smooth', b: 'seriously-congested' }));
    const late = new RecordingSocket();
    sut.attach(late);

    expect(predictions(early).map((m) => [m.ts, m.links.map((l) => `${l.id}:${l.horizons[0]?.level}`)])).toEqual([
      [NOW, ['a:smooth', 'b:moderately-congested']],
      [NOW + 300_000, ['b:seriously-congested']],
    ]);
    expect(predictions(early)[0]?.links[1]?.horizons).toEqual([{ horizonMin: 5, level: 'moderately-congested', confidence: 0.85 }]);
    expect(predictions(late)).toEqual([{ type: 'predictions', serverTime: NOW, ts: NOW + 300_000, links: [expect.objectContaining({ id: 'a' }), expect.objectContaining({ id: 'b' })] }]);
  });

  it('sends nothing when no link changed', () => {
    const socket = new RecordingSocket();
    sut.attach(socket);

    fake.publish(prediction(NOW, { a: 'smooth' }));
    fake.publish(prediction(NOW + 300_000, { a: 'smooth' }));

    expect(predictions(socket)).toHaveLength(1);
  });
});
