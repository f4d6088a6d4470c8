import { DetectorFaultSource, type DetectorFaultOptions } from './detector-fault.source';
import { RecordingSink, measurement, noNames, status } from './recording-sink.spec-helper';

const OPTIONS: DetectorFaultOptions = { failedIntervals: 3, degradedIntervals: 6, diagnosisFaultCodes: ['chattering', 'stuck-on'], diagnosisSteps: 3 };

describe(DetectorFaultSource.name, () => {
  let sink: RecordingSink;
  let sut: DetectorFaultSource;

  function observe(id: string, healths: ReadonlyArray<'ok' | 'degraded' | 'failed'>): void {
    for (const h of healths) sut.observe(measurement(id, h));
  }

  beforeEach(() => {
    sink = new RecordingSink();
    sut = new DetectorFaultSource(sink, OPTIONS, noNames);
  });

  it('raises only after the configured number of consecutive failed intervals', () => {
    observe('d1', ['failed', 'failed']);
    expect(sink.events).toEqual([]);

    observe('d1', ['failed']);
    expect(sink.events).toEqual([{ op: 'raise', condition: expect.objectContaining({ kind: 'detector-fault', place: { type: 'detector', id: 'd1' }, details: { faultCodes: ['health-failed'], intervals: 3 } }) }]);
  });

  it('raises nothing for a one-interval glitch, nor for short failed runs between healthy intervals', () => {
    observe('d1', ['ok', 'failed', 'ok', 'failed', 'failed', 'ok', 'degraded', 'ok', 'failed', 'ok']);
    expect(sink.events).toEqual([]);
  });

  it('restarts the failed count on another health, and ends a raised condition on health ok only', () => {
    observe('d1', ['failed', 'failed', 'degraded', 'failed', 'failed']);
    expect(sink.events).toEqual([]);

    observe('d1', ['failed', 'degraded', 'failed']); // raised; still not ok: the fault stands
    expect(sink.summary()).toEqual(['raise detector-fault|detector|d1', 'raise detector-fault|detector|d1', 'raise detector-fault|detector|d1']);
    observe('d1', ['ok']);
    expect(sink.summary().at(-1)).toBe('end detector-fault|detector|d1');
  });

  it('raises a degraded health that persists (chattering loops report so), and raises it once per detector', () => {
    observe('d1', ['degraded', 'degraded', 'degraded', 'degraded', 'degraded']);
    expect(sink.events).toEqual([]);
    observe('d1', ['degraded']);
    expect(sink.events).toEqual([{ op: 'raise', condition: expect.objectContaining({ details: { faultCodes: ['health-degraded'], intervals: 6 } }) }]);
    observe('d1', ['degraded', 'failed', 'failed', 'failed']);
    expect(new Set(sink.summary())).toEqual(new Set(['raise detector-fault|detector|d1']));
    const last = sink.events.at(-1);
    expect(last?.op === 'raise' ? last.condition.details.faultCodes : undefined).toEqual(['health-failed']);
  });

  it('takes configured fault codes from the quality diagnosis once they persist for diagnosisSteps, and ignores controllers', () => {
    sut.observe(status('i1', false));
    sut.diagnosed('d2', ['chattering']);
    sut.diagnosed('d2', ['chattering']);
    sut.diagnosed('d2', ['constant']); // not configured: counts as no fault
    sut.diagnosed('d2', ['chattering']);
    sut.diagnosed('d2', ['chattering']);
    expect(sink.events).toEqual([]);
    sut.diagnosed('d2', ['chattering', 'constant']);
    expect(sink.events).toEqual([{ op: 'raise', condition: expect.objectContaining({ details: { faultCodes: ['chattering'] } }) }]);

    sut.diagnosed('d2', []);
    sut.diagnosed('d2', []);
    sut.diagnosed('d2', ['chattering']); // a one-step flap of the diagnosis keeps the alert
    sut.diagnosed('d2', []);
    sut.diagnosed('d2', []);
    expect(sink.summary().filter((s) => s.startsWith('end'))).toEqual([]);
    sut.diagnosed('d2', []);
    expect(sink.summary().at(-1)).toBe('end detector-fault|detector|d2');
  });

  it('raises nothing from the diagnosis when no codes are configured (the default)', () => {
    sut = new DetectorFaultSource(sink, { ...OPTIONS, diagnosisFaultCodes: [], diagnosisSteps: 1 }, noNames);
    for (let i = 0; i < 10; i++) sut.diagnosed('d3', ['stuck-on']);
    expect(sink.events).toEqual([]);
  });

  it('holds the condition while either cause holds, with the union of fault codes', () => {
    sut = new DetectorFaultSource(sink, { ...OPTIONS, diagnosisSteps: 1 }, noNames);
    sut.diagnosed('d4', ['stuck-on']);
    observe('d4', ['failed', 'failed', 'failed']);
    const last = sink.events.at(-1);
    expect(last?.op === 'raise' ? last.condition.details.faultCodes : undefined).toEqual(['health-failed', 'stuck-on']);
    observe('d4', ['ok']);
    expect(sink.summary().filter((s) => s.startsWith('end'))).toEqual([]);
    sut.diagnosed('d4', []);
    expect(sink.summary().at(-1)).toBe('end detector-fault|detector|d4');
  });
});
