import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectorsOf, linksOf, parseNetworkModel } from '@arterial/contracts/network';
import { NetworkPredictor, type NetworkPrediction, type NetworkPredictorOptions } from './network.predictor';
import { seeded } from './testing/grid-factory';
import { estimate, stepEstimates } from './testing/synthetic-estimates';

const DEMO = path.resolve(__dirname, '..', '..', '..', '..', 'firmware-contracts', 'networks', 'demo.geojson');
const MIN = 60_000;
const STEP = 5 * MIN;
const T0 = Date.UTC(2026, 0, 12, 6);
const OPTIONS: NetworkPredictorOptions = {
  model: 'ridge',
  stepMs: STEP,
  history: 12,
  horizonsMin: [5, 15, 30, 60],
  utcOffsetHours: 8,
  // validation must hold a window and its 60-minute horizon (24 rows) for calibrated intervals
  fitAfterRows: 60,
  validationShare: 0.45,
  refitEveryRows: 288,
  keepRows: 288,
  maxStaleRows: 3,
  fallbackRefitRows: 3,
};

describe(NetworkPredictor.name, () => {
  const network = parseNetworkModel(JSON.parse(fs.readFileSync(DEMO, 'utf8')));

  it('forecasts every detector and link at each horizon with ordered intervals, grading link levels with a confidence', () => {
    const sut = new NetworkPredictor(network, OPTIONS);
    const random = seeded(3);
    const linkId = detectorsOf(network)[0]!.properties.linkId;
    const made: (NetworkPrediction | undefined)[] = [];
    // minute steps; a jam on one link from the 5th minute on
    for (let t = 0; t <= 20; t++) made.push(sut.step(T0 + t * MIN, stepEstimates(network, t, random, (tt, l) => l === linkId && tt >= 5)));

    // a forecast at each 5-minute boundary, none in between
    expect(made.map((m, t) => (m ? t : -1)).filter((t) => t >= 0)).toEqual([0, 5, 10, 15, 20]);
    const last = made[20]!;
    expect(last.issuedAt).toBe(T0 + 20 * MIN);
    expect(last.model).toBe('persistence');
    expect(last.detectors.size).toBe(detectorsOf(network).length);
    const link = last.links.get(linkId)!;
    expect(link.map((f) => [f.horizonMin, f.targetTs - last.issuedAt])).toEqual([
      [5, 300_000],
      [15, 900_000],
      [30, 1_800_000],
      [60, 3_600_000],
    ]);
    for (const f of link) {
      for (const v of [f.flowVph, f.speedKph, f.occupancyPct]) {
        expect(v).not.toBeNull();
        expect(v!.lower).toBeLessThanOrEqual(v!.value);
        expect(v!.value).toBeLessThanOrEqual(v!.upper);
      }
      expect(f.level).toBe('seriously-congested');
      expect(f.levelConfidence).toBe(1);
    }
    const free = [...last.links.entries()].find(([id]) => id !== linkId)![1];
    expect(free[0]!.level).toBe('smooth');
  });

  it('learns only from values resting on the interval’s own data: imputed and missing ones are missing', () => {
    const sut = new NetworkPredictor(network, OPTIONS);
    const d = detectorsOf(network)[0]!.properties;
    const made = sut.step(T0, [
      estimate(d.id, d.linkId, { value: 900, provenance: 'imputed', method: 'neighbour-regression' }, { value: 30, provenance: 'estimated', method: 'flow-occupancy' }, { value: null, provenance: 'missing' }),
    ]);

    const first = made!.detectors.get(d.id)![0]!;
    expect(first.flowVph).toBeNull();
    expect(first.speedKph).toEqual({ value: 30, lower: 30, upper: 30 });
    expect(first.occupancyPct).toBeNull();
    expect(made!.detectors.get(detectorsOf(network)[1]!.properties.id)![0]!.speedKph).toBeNull();
  });

  /** Minute steps from row `from` to row `to` (exclusive) of 5 minutes; the forecasts made. */
  function drive(sut: NetworkPredictor, fromRow: number, toRow: number, random: () => number): { made: NetworkPrediction[] } {
    const made: NetworkPrediction[] = [];
    for (let t = fromRow * 5; t < toRow * 5; t++) {
      const m = sut.step(T0 + t * MIN, stepEstimates(network, t, random));
      if (m) made.push(m);
    }
    return { made };
  }

  it('switches to the configured model with calibrated intervals, and replays to identical forecasts', () => {
    const run = (): NetworkPrediction => {
      const sut = new NetworkPredictor(network, OPTIONS);
      const { made } = drive(sut, 0, OPTIONS.fitAfterRows + 4, seeded(5));
      return made[made.length - 1]!;
    };
    const a = run();
    const b = run();

    expect(a.model).toBe('ridge');
    expect(a.calibrated).toBe(true);
    expect(a.links.size).toBe(new Set(detectorsOf(network).map((f) => f.properties.linkId)).size);
    expect(a.links.size).toBeLessThanOrEqual(linksOf(network).length);
    expect(JSON.stringify([...a.links])).toBe(JSON.stringify([...b.links]));
    const widths = [...a.detectors.values()].flatMap((fs) => fs.map((f) => (f.flowVph ? f.flowVph.upper - f.flowVph.lower : 0)));
    expect(Math.max(...widths)).toBeGreaterThan(0);
  });
});
