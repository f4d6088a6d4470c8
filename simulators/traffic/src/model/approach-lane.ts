/**
 * Point-queue model of one through lane at a signal, stepped once per second: vehicles arrive, join the queue
 * (as far as the link can store them), and leave at the saturation flow while the signal allows. This is the
 * small mesoscopic model of issue 2; a cell transmission model replaces it later.
 */
import type { PhaseState } from '@arterial/contracts';
import type { Rng } from '../random/prng';
import { JAM_SPACING_M } from './speed-flow';

export const SATURATION_FLOW_VPS = 1800 / 3600;
/** Start-up lost time at the beginning of green. */
const START_UP_LOST_S = 2;
/** Part of the yellow that drivers still use. */
const YELLOW_USED_S = 2;

export interface LaneSecond {
  /** Vehicles that reached the back of the queue or the stop line this second (what an upstream detector counts). */
  arrived: number;
  /** Vehicles that crossed the stop line after standing in the queue. */
  dischargedFromQueue: number;
  /** Vehicles that crossed the stop line without stopping. */
  passedFreely: number;
  /** Vehicles still queued at the end of the second. */
  queue: number;
  /** The signal stopped traffic this second (red, or yellow past its usable part). */
  stopped: boolean;
}

export class ApproachLane {
  private queue = 0;
  private credit = 0;
  private sinceOnsetS = 0;
  private lastState: PhaseState = 'red';
  /** Vehicles the link can hold from stop line to upstream junction. */
  readonly storageVeh: number;

  constructor(linkLengthM: number) {
    this.storageVeh = Math.max(1, Math.floor(linkLengthM / JAM_SPACING_M));
  }

  get queueVeh(): number {
    return this.queue;
  }

  /** Length of the standing queue, metres back from the stop line. */
  get queueLengthM(): number {
    return this.queue * JAM_SPACING_M;
  }

  step(signal: PhaseState, arrivalRatePerS: number, rng: Rng): LaneSecond {
    this.sinceOnsetS = signal === this.lastState ? this.sinceOnsetS + 1 : 1;
    this.lastState = signal;
    const usable =
      (signal === 'green' && this.sinceOnsetS > START_UP_LOST_S) || (signal === 'yellow' && this.sinceOnsetS <= YELLOW_USED_S);
    const rate = usable ? SATURATION_FLOW_VPS : 0;

    const waiting = this.queue;
    // Upstream spill-back: what does not fit stays on the upstream link and is not counted here.
    const arrived = Math.min(rng.poisson(arrivalRatePerS), this.storageVeh - this.queue);
    this.queue += arrived;
    this.credit = usable ? this.credit + rate : 0;
    const departed = Math.min(this.queue, Math.floor(this.credit));
    this.credit -= departed;
    this.queue -= departed;
    // Unused capacity cannot be saved for later.
    if (this.queue === 0) this.credit = Math.min(this.credit, rate);
    const dischargedFromQueue = Math.min(departed, waiting);
    return { arrived, dischargedFromQueue, passedFreely: departed - dischargedFromQueue, queue: this.queue, stopped: !usable };
  }
}
