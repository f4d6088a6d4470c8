/**
 * A processor clock that reads a running traffic simulator's virtual time, so centre and field share one time base
 * however fast (or, on a loaded machine, however slowly) the simulation actually runs: estimation boundaries, engine
 * ticks, plan validity and acknowledgement waits all count simulated seconds.
 */
import type { Clock } from '@arterial/processor';
import type { RunningSimulator } from '@arterial/traffic-sim';

export class SimulatorClock implements Clock {
  private simulator: RunningSimulator | undefined;

  /** `startMs` is the simulator's start: the time until it runs. */
  constructor(private readonly startMs: number) {}

  follow(simulator: RunningSimulator): void {
    this.simulator = simulator;
  }

  now(): number {
    return this.simulator?.stats().simTimeMs ?? this.startMs;
  }
}
