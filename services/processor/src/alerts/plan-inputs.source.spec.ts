import { PlanInputsSource } from './plan-inputs.source';
import { RecordingSink, noNames } from './recording-sink.spec-helper';

describe(PlanInputsSource.name, () => {
  it('raises a warning naming the phases without input, and ends it when the inputs are back', () => {
    const sink = new RecordingSink();
    const sut = new PlanInputsSource(sink, noNames);
    sut.degraded('i1', [2, 4], 3);
    sut.restored('i1');
    expect(sink.events[0]).toEqual({
      op: 'raise',
      condition: {
        kind: 'plan-inputs-degraded',
        place: { type: 'intersection', id: 'i1' },
        severity: 'warning',
        message: 'Junction i1 runs its time-of-day plan: phases 2, 4 without trustworthy detector input',
        details: { phases: [2, 4], reason: '3 detector(s) faulty or missing' },
      },
    });
    expect(sink.summary()).toEqual(['raise plan-inputs-degraded|intersection|i1', 'end plan-inputs-degraded|intersection|i1']);
  });
});
