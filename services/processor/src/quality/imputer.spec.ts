import { corridorNetwork } from '../estimation/estimation-fixtures.spec-helper';
import { NetworkLookup } from '../estimation/network-lookup';
import { IMPUTATION_METHOD, Imputer, type GoodMeasurement } from './imputer';
import { localDayStartMs } from './local-time';
import { NeighbourRegression } from './neighbour-regression';
import { TimeOfDayProfile } from './time-of-day-profile';

const OFFSET = 480;
const START = localDayStartMs('2026-01-12', OFFSET); // a Monday

function makeSut(): Imputer {
  return new Imputer(new NetworkLookup(corridorNetwork()), new NeighbourRegression(), new TimeOfDayProfile({ bucketMin: 15, depth: 5, minDays: 3, utcOffsetMin: OFFSET }));
}

function good(flowVph: number, occupancyPct: number, speedKph: number | null): GoodMeasurement {
  return { flowVph, occupancyPct, speedKph };
}

describe(Imputer.name, () => {
  it('imputes from a neighbour by the regression learned on good data, and labels it imputed', () => {
    const sut = makeSut();
    // lane 2 carries 0.8 × lane 1's flow plus 40 veh/h, at the same occupancy-to-flow relation
    for (let i = 0; i < 200; i += 1) {
      const q1 = 200 + ((i * 37) % 600);
      const m = new Map([
        ['L1-A1', good(q1, q1 / 90, 45)],
        ['L1-A2', good(0.8 * q1 + 40, (0.8 * q1 + 40) / 90, 44)],
      ]);
      sut.learn(m, START + i * 60_000);
    }
    const now = new Map([['L1-A1', good(500, 500 / 90, 45)]]);
    const filled = sut.impute('L1-A2', now, START + 300 * 60_000);
    expect(filled.flowVph).toEqual({ value: expect.closeTo(440, 6), provenance: 'imputed', method: IMPUTATION_METHOD.neighbours });
    expect(filled.occupancyPct.provenance).toBe('imputed');
    expect(filled.speedKph).toEqual({ value: expect.closeTo(44, 6), provenance: 'imputed', method: IMPUTATION_METHOD.neighbours });
  });

  it('falls back to the time-of-day median of earlier days when no neighbour has a fit', () => {
    const sut = makeSut();
    for (let day = 0; day < 3; day += 1) {
      const t = START + day * 86_400_000 + 8 * 3_600_000; // 08:00 local, Monday to Wednesday
      sut.learn(new Map([['L2-A1', good(600 + 30 * day, 12, null)]]), t);
    }
    const thursday = START + 3 * 86_400_000 + 8 * 3_600_000 + 5 * 60_000;
    const filled = sut.impute('L2-A1', new Map(), thursday);
    expect(filled.flowVph).toEqual({ value: 630, provenance: 'imputed', method: IMPUTATION_METHOD.timeOfDay });
    // no speed was ever measured there: nothing to impute it from
    expect(filled.speedKph).toEqual({ value: null, provenance: 'missing' });
  });

  it('leaves a value missing rather than invent it', () => {
    const filled = makeSut().impute('L2-A2', new Map(), START);
    expect([filled.flowVph.provenance, filled.occupancyPct.provenance, filled.speedKph.provenance]).toEqual(['missing', 'missing', 'missing']);
  });

  it('never returns measured or estimated', () => {
    const sut = makeSut();
    for (let i = 0; i < 100; i += 1) sut.learn(new Map([['L1-S1', good(300 + i, 10, 30)], ['L1-S2', good(310 + i, 11, 31)]]), START + i * 60_000);
    const filled = sut.impute('L1-S2', new Map([['L1-S1', good(350, 10, 30)]]), START + 100 * 60_000);
    for (const q of Object.values(filled)) expect(['imputed', 'missing']).toContain(q.provenance);
  });
});
