/** One emulated detector: its own seq counter, a demand level, and a template for its measurement payload. */
import type { DetectorMeasurement } from '@arterial/contracts/mqtt/v1';
import { hashSeed, mulberry32 } from '@arterial/device-kit';
import { JsonTemplate } from './json-template';

type Varying = 'ts' | 'seq' | 'volume' | 'occupancyPct' | 'speedKph';

export class DetectorEmulator {
  private seq = 0;
  private readonly random: () => number;
  private readonly template: JsonTemplate<DetectorMeasurement, Varying>;
  /** Mean flow of this detector, vehicles per hour. */
  private readonly flowVph: number;
  private readonly freeSpeedKph: number;

  constructor(
    readonly id: string,
    readonly intervalS: number,
    seed = 0,
  ) {
    this.random = mulberry32(hashSeed(id, seed));
    this.flowVph = 150 + this.random() * 750;
    this.freeSpeedKph = 35 + this.random() * 25;
    const base: DetectorMeasurement = { ts: 0, seq: 0, intervalS, volume: 0, occupancyPct: 0, speedKph: 0, health: 'ok' };
    this.template = new JsonTemplate(base, ['ts', 'seq', 'volume', 'occupancyPct', 'speedKph']);
  }

  /** The next measurement, for the interval ending at `nowMs`; advances seq. */
  next(nowMs: number): string {
    const expected = (this.flowVph * this.intervalS) / 3600;
    const volume = Math.min(10000, Math.max(0, Math.round(expected * (0.6 + this.random() * 0.8))));
    // Roughly 0.1 s of occupancy per vehicle per lane at urban speeds, capped below saturation.
    const occupancyPct = Math.min(95, Math.round(((volume * 0.45) / this.intervalS) * 1000) / 10);
    const speedKph = Math.round(this.freeSpeedKph * (1 - occupancyPct / 200) * 10) / 10;
    const seq = this.seq;
    this.seq = seq >= 4294967295 ? 0 : seq + 1;
    return this.template.render({ ts: Math.floor(nowMs), seq, volume, occupancyPct, speedKph });
  }
}
