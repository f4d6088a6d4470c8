/**
 * Turns per-step induction loop readings into interval measurements. SUMO 1.15's TraCI has no interval values for
 * loops, so volume counts vehicle ids that appear on the loop (not present in the previous step), occupancy is the
 * mean of the step occupancies, and speed is the vehicle-weighted mean of the step mean speeds.
 */
export interface LoopStepReading {
  vehicleIds: readonly string[];
  /** Percent of the step the loop was occupied. */
  occupancyPct: number;
  /** m/s; negative when no vehicle was on the loop. */
  meanSpeedMps: number;
}

export interface IntervalAggregate {
  volume: number;
  occupancyPct: number;
  speedKph?: number;
}

export class LoopAggregator {
  private previousIds = new Set<string>();
  private volume = 0;
  private steps = 0;
  private occupancySum = 0;
  private speedSum = 0;
  private speedWeight = 0;

  addStep(reading: LoopStepReading): void {
    for (const id of reading.vehicleIds) if (!this.previousIds.has(id)) this.volume++;
    this.previousIds = new Set(reading.vehicleIds);
    this.steps++;
    this.occupancySum += reading.occupancyPct;
    if (reading.meanSpeedMps >= 0 && reading.vehicleIds.length > 0) {
      this.speedSum += reading.meanSpeedMps * reading.vehicleIds.length;
      this.speedWeight += reading.vehicleIds.length;
    }
  }

  /** Closes the interval and starts the next one (vehicles still on the loop are not counted twice). */
  flush(): IntervalAggregate {
    const occupancyPct = this.steps === 0 ? 0 : Math.min(100, Math.max(0, this.occupancySum / this.steps));
    const out: IntervalAggregate = { volume: this.volume, occupancyPct: Math.round(occupancyPct * 100) / 100 };
    if (this.speedWeight > 0) out.speedKph = Math.round(Math.min(250, (this.speedSum / this.speedWeight) * 3.6) * 10) / 10;
    this.volume = 0;
    this.steps = 0;
    this.occupancySum = 0;
    this.speedSum = 0;
    this.speedWeight = 0;
    return out;
  }
}
