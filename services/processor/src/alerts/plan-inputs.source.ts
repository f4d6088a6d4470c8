/**
 * Plan inputs degraded: the plan engine found a phase of a junction without any trustworthy detector input and sent
 * the junction back to its time-of-day plan. Raised on every round while it lasts, ended once the inputs are back.
 */
import { placeOf, type AlertSink, type PlaceNames } from './alert-condition';

export class PlanInputsSource {
  constructor(
    private readonly sink: AlertSink,
    private readonly names: PlaceNames,
  ) {}

  degraded(intersectionId: string, phases: readonly number[], detectorsFaulty: number): void {
    this.sink.raise({
      kind: 'plan-inputs-degraded',
      place: placeOf('intersection', intersectionId, this.names),
      severity: 'warning',
      message: `Junction ${intersectionId} runs its time-of-day plan: phase${phases.length > 1 ? 's' : ''} ${phases.join(', ')} without trustworthy detector input`,
      details: { phases: [...phases], reason: `${detectorsFaulty} detector(s) faulty or missing` },
    });
  }

  restored(intersectionId: string): void {
    this.sink.end('plan-inputs-degraded', { type: 'intersection', id: intersectionId });
  }
}
