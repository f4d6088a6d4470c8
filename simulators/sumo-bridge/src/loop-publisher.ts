/** The induction loops as detectors: per-step readings aggregated per loop, a measurement per loop every interval. */
import type { DetectorMeasurement } from '@arterial/contracts/mqtt/v1';
import type { ContractPublisher } from '@arterial/device-kit';
import { LoopAggregator, type LoopStepReading } from './detector-aggregator';

const SEQ_MODULO = 2 ** 32;

export class LoopPublisher {
  private readonly loops: { id: string; agg: LoopAggregator; seq: number }[];
  measurements = 0;

  constructor(
    readonly ids: string[],
    private readonly publisher: Pick<ContractPublisher, 'publish'>,
    readonly intervalS: number,
  ) {
    this.loops = ids.map((id) => ({ id, agg: new LoopAggregator(), seq: 0 }));
  }

  /** One step's readings, in the order of the ids given to the constructor. */
  addStep(readings: readonly LoopStepReading[]): void {
    this.loops.forEach((loop, i) => loop.agg.addStep(readings[i] as LoopStepReading));
  }

  /** Closes every loop's interval ending at tsMs and publishes its measurement. */
  publishInterval(tsMs: number): Promise<void>[] {
    return this.loops.map((loop) => {
      const m: DetectorMeasurement = { ts: tsMs, seq: loop.seq, intervalS: this.intervalS, health: 'ok', ...loop.agg.flush() };
      loop.seq = (loop.seq + 1) % SEQ_MODULO;
      this.measurements++;
      return this.publisher.publish('measurement', loop.id, m);
    });
  }
}
