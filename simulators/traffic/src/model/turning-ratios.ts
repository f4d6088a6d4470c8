/**
 * Left/through/right shares of the traffic arriving on one approach. Each approach draws its own base shares from
 * the run seed; over the day, turning grows off-peak (errands, deliveries) and shrinks in the rush, when commuters
 * stay on the arterials. Deterministic in the seed, the approach and the time of day.
 */
import { Rng } from '@arterial/device-kit';
import { demandFactor } from './demand-profile';

/** Extra turning share (split between left and right) when demand is lowest, relative to the peak. */
const OFF_PEAK_EXTRA_TURNING = 0.08;

export class TurningRatios {
  private readonly baseLeft: number;
  private readonly baseRight: number;

  constructor(key: string, seed: number) {
    const rng = Rng.forKey(`turns:${key}`, seed);
    this.baseLeft = rng.between(0.08, 0.18);
    this.baseRight = rng.between(0.08, 0.18);
  }

  /**
   * Shares [left, through, right] at a local clock hour, summing to 1. `weights` scale each movement by how
   * attractive its exit is (0: impossible); fewer drivers turn from a wide arterial into a narrow street.
   */
  sharesAt(hour: number, weights: readonly [number, number, number]): [number, number, number] {
    const extra = (OFF_PEAK_EXTRA_TURNING * (1 - demandFactor(hour))) / 2;
    const raw: [number, number, number] = [(this.baseLeft + extra) * weights[0], 0, (this.baseRight + extra) * weights[2]];
    raw[1] = weights[1] > 0 ? Math.max(0, 1 - raw[0] - raw[2]) : 0;
    const sum = raw[0] + raw[1] + raw[2];
    return sum > 0 ? [raw[0] / sum, raw[1] / sum, raw[2] / sum] : [0, 0, 0];
  }
}
