import { PlanRejectedSource } from './plan-rejected.source';
import { RecordingSink, measurement, noNames, planAck } from './recording-sink.spec-helper';

describe(PlanRejectedSource.name, () => {
  let sink: RecordingSink;
  let sut: PlanRejectedSource;

  beforeEach(() => {
    sink = new RecordingSink();
    sut = new PlanRejectedSource(sink, noNames);
  });

  it('raises a warning with plan id and reason when a controller rejects a plan', () => {
    sut.observe(planAck('i1', false, 'cycle too short'));

    expect(sink.events).toEqual([
      {
        op: 'raise',
        condition: {
          kind: 'plan-rejected',
          place: { type: 'intersection', id: 'i1' },
          severity: 'warning',
          message: 'Controller i1 rejected plan p1: cycle too short',
          details: { planId: 'p1', reason: 'cycle too short' },
        },
      },
    ]);
  });

  it('ends the condition when the controller accepts a plan, and ignores other messages', () => {
    sut.observe(measurement('d1'));
    sut.observe(planAck('i1', true));
    expect(sink.summary()).toEqual(['end plan-rejected|intersection|i1']);
  });
});
