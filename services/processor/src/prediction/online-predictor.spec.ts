import { OnlinePredictor } from './online-predictor';
import type { Forecast, PredictionModel, PredictionWindow } from './prediction-model';
import { gridOf, specOf } from './testing/grid-factory';

/** Records what the predictor hands to the model. */
class RecordingModel implements PredictionModel {
  readonly name = 'recording';
  readonly learned: { endMs: number; window: number[]; k: number; actual: number[] }[] = [];
  lastWindow: PredictionWindow | undefined;
  fit(): void {}
  predict(window: PredictionWindow): Forecast {
    this.lastWindow = { endMs: window.endMs, values: window.values.slice() };
    return { point: new Float32Array(1), lower: new Float32Array(1), upper: new Float32Array(1) };
  }
  learn(window: PredictionWindow, k: number, actual: Float32Array): void {
    this.learned.push({ endMs: window.endMs, window: Array.from(window.values), k, actual: Array.from(actual) });
  }
}

describe(OnlinePredictor.name, () => {
  const spec = specOf(gridOf(1, 1, () => 0), { history: 2, horizons: [1, 2] });
  const STEP = spec.stepMs;

  it('forecasts from the newest window, with skipped intervals as missing rows', () => {
    const model = new RecordingModel();
    const sut = new OnlinePredictor(model, spec);
    expect(sut.forecast()).toBeUndefined();
    sut.push(0, new Float32Array([1]));
    sut.push(STEP, new Float32Array([2]));
    sut.push(3 * STEP, new Float32Array([4]));
    sut.forecast();
    expect(model.lastWindow?.endMs).toBe(3 * STEP);
    expect(Array.from(model.lastWindow?.values ?? [])).toEqual([NaN, 4]);
  });

  it('teaches each row to the windows it answers, once they are fully observed', () => {
    const model = new RecordingModel();
    const sut = new OnlinePredictor(model, spec);
    for (let t = 0; t < 4; t++) sut.push(t * STEP, new Float32Array([10 + t]));
    expect(model.learned).toEqual([
      { endMs: STEP, window: [10, 11], k: 0, actual: [12] },
      { endMs: 2 * STEP, window: [11, 12], k: 0, actual: [13] },
      { endMs: STEP, window: [10, 11], k: 1, actual: [13] },
    ]);
  });

  it('ignores a row older than the newest and keeps working past its buffer', () => {
    const model = new RecordingModel();
    const sut = new OnlinePredictor(model, spec, false);
    for (let t = 0; t < 100; t++) sut.push(t * STEP, new Float32Array([t]));
    expect(sut.push(50 * STEP, new Float32Array([0]))).toBe(false);
    sut.forecast();
    expect(Array.from(model.lastWindow?.values ?? [])).toEqual([98, 99]);
    expect(model.learned).toHaveLength(0);
  });
});
