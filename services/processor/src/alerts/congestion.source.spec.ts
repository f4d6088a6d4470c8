import { Subject } from 'rxjs';
import { CongestionSource, type CongestionLevel, type CongestionOptions, type LinkCongestionUpdate } from './congestion.source';
import { RecordingSink, noNames } from './recording-sink.spec-helper';

const OPTIONS: CongestionOptions = { congestedLevel: 4, minConfidence: 0.6, raiseSteps: 3, clearSteps: 3, predictedRaiseSteps: 3, predictedClearSteps: 3 };
const SINGLE_STEP: CongestionOptions = { ...OPTIONS, raiseSteps: 1, clearSteps: 1, predictedRaiseSteps: 1, predictedClearSteps: 1 };

describe(CongestionSource.name, () => {
  let sink: RecordingSink;
  let sut: CongestionSource;

  function steps(linkId: string, levels: ReadonlyArray<CongestionLevel | null>): void {
    for (const level of levels) sut.levels([{ linkId, level }]);
  }

  function predict(linkId: string, n: number, level: CongestionLevel = 4, confidence = 0.8): void {
    for (let i = 0; i < n; i++) sut.predictions([{ linkId, leadTimeS: 600, level, confidence }]);
  }

  /** Raises (first report of an episode), ends and severity of each report, compactly. */
  function lifecycle(): string[] {
    const out: string[] = [];
    const open = new Set<string>();
    for (const e of sink.events) {
      if (e.op === 'end') {
        out.push(`end ${e.key}`);
        open.delete(e.key);
        continue;
      }
      const key = `${e.condition.kind}|${e.condition.place.type}|${e.condition.place.id}`;
      if (!open.has(key)) out.push(`raise ${key} ${e.condition.severity}`);
      open.add(key);
    }
    return out;
  }

  function severities(): string[] {
    return sink.events.flatMap((e) => (e.op === 'raise' && e.condition.kind === 'congestion' ? [e.condition.severity] : []));
  }

  beforeEach(() => {
    sink = new RecordingSink();
    sut = new CongestionSource(sink, OPTIONS, noNames);
  });

  it('raises congestion only after raiseSteps consecutive steps at ≥ congestedLevel', () => {
    steps('l1', [4, 4]);
    expect(sink.events).toEqual([]);
    steps('l1', [4]);
    expect(lifecycle()).toEqual(['raise congestion|link|l1 warning']);
    expect(sink.events[0]).toEqual({ op: 'raise', condition: expect.objectContaining({ details: { level: 4 } }) });
  });

  it('does not raise for a level that touches the boundary for fewer steps (a glitch)', () => {
    steps('l1', [4, 3, 4, 4, 3, 5, 2, 4, 4, 3]);
    expect(sink.events).toEqual([]);
  });

  it('raises once for a link oscillating around the boundary (signal cycles), and ends once it has really eased', () => {
    steps('l1', [4, 4, 4]); // raised
    steps('l1', [3, 4, 3, 3, 4, 3, 4, 4, 3, 3, 5, 3, 4]); // never 3 steps in a row below level 4
    expect(lifecycle()).toEqual(['raise congestion|link|l1 warning']);
    steps('l1', [3, 3]);
    expect(sink.summary().filter((s) => s.startsWith('end'))).toEqual([]);
    steps('l1', [3]);
    expect(lifecycle()).toEqual(['raise congestion|link|l1 warning', 'end congestion|link|l1']);
  });

  it('raises a sustained jam once and ends it once', () => {
    steps('l1', [3, 4, 4, 4, 5, ...Array<CongestionLevel>(60).fill(5), 4, 3, 2, 1, 1, 1, 1]);
    expect(lifecycle()).toEqual(['raise congestion|link|l1 warning', 'end congestion|link|l1']);
    expect(new Set(severities())).toEqual(new Set(['warning', 'critical']));
  });

  it('turns critical after raiseSteps steps at level 5 and eases back only after clearSteps steps below 5', () => {
    steps('l1', [4, 4, 4, 5, 5, 4, 5, 5, 5]);
    expect(severities()).toEqual(['warning', 'warning', 'warning', 'warning', 'warning', 'warning', 'critical']);
    steps('l1', [4, 5, 4, 4, 4]);
    expect(severities().slice(7)).toEqual(['critical', 'critical', 'critical', 'critical', 'warning']);
  });

  it('raises critical at once when the run that raises is at level 5', () => {
    steps('l1', [5, 5, 5]);
    expect(lifecycle()).toEqual(['raise congestion|link|l1 critical']);
  });

  it('counts an ungradable step toward ending, never toward raising', () => {
    steps('l1', [4, null, 4, 4]);
    expect(sink.events).toEqual([]);
    steps('l1', [4, null, null, null]);
    expect(lifecycle()).toEqual(['raise congestion|link|l1 warning', 'end congestion|link|l1']);
  });

  it('with single steps, raises and ends as each level says (the old behaviour)', () => {
    sut = new CongestionSource(sink, SINGLE_STEP, noNames);
    sut.levels([
      { linkId: 'l1', level: 4 },
      { linkId: 'l2', level: 3 },
      { linkId: 'l3', level: 5 },
    ]);
    sut.levels([
      { linkId: 'l1', level: 2 },
      { linkId: 'l3', level: null },
    ]);
    expect(lifecycle()).toEqual(['raise congestion|link|l1 warning', 'raise congestion|link|l3 critical', 'end congestion|link|l1', 'end congestion|link|l3']);
  });

  it('raises predicted congestion with the earliest confident lead time once the forecast persists, and ends it when forecasts relax', () => {
    const forecast = [
      { linkId: 'l1', leadTimeS: 900, level: 5 as const, confidence: 0.9 },
      { linkId: 'l1', leadTimeS: 300, level: 4 as const, confidence: 0.7 },
      { linkId: 'l1', leadTimeS: 120, level: 5 as const, confidence: 0.4 },
      { linkId: 'l2', leadTimeS: 300, level: 3 as const, confidence: 0.99 },
    ];
    sut.predictions(forecast);
    sut.predictions(forecast);
    expect(sink.events).toEqual([]);
    sut.predictions(forecast);
    expect(lifecycle()).toEqual(['raise congestion-predicted|link|l1 info']);
    expect(sink.events[0]).toEqual({ op: 'raise', condition: expect.objectContaining({ severity: 'info', details: { level: 4, leadTimeS: 300, confidence: 0.7 } }) });

    sut.predictions([{ linkId: 'l1', leadTimeS: 300, level: 2, confidence: 0.9 }]);
    predict('l1', 1);
    sut.predictions([{ linkId: 'l1', leadTimeS: 300, level: 2, confidence: 0.9 }]);
    sut.predictions([{ linkId: 'l1', leadTimeS: 300, level: 4, confidence: 0.5 }]); // not confident enough: no forecast
    expect(lifecycle()).toEqual(['raise congestion-predicted|link|l1 info']);
    sut.predictions([{ linkId: 'l1', leadTimeS: 300, level: 2, confidence: 0.9 }]);
    expect(lifecycle()).toEqual(['raise congestion-predicted|link|l1 info', 'end congestion-predicted|link|l1']);
  });

  it('does not raise a forecast that comes and goes between prediction steps, nor one below the confidence', () => {
    for (let i = 0; i < 5; i++) {
      predict('l1', 2);
      sut.predictions([{ linkId: 'l1', leadTimeS: 300, level: 3, confidence: 0.9 }]);
    }
    predict('l2', 5, 5, 0.59);
    expect(sink.events).toEqual([]);
  });

  it('replaces a predicted alert by the congestion alert at once, and raises no forecast while congested now', () => {
    predict('l1', 3);
    steps('l1', [4, 4]);
    predict('l1', 1); // still predicted while the jam builds
    steps('l1', [4]);
    predict('l1', 5);
    expect(sink.summary()).toEqual([
      'raise congestion-predicted|link|l1',
      'raise congestion-predicted|link|l1',
      'end congestion-predicted|link|l1',
      'raise congestion|link|l1',
    ]);
    expect(sink.events[2]).toEqual({ op: 'end', key: 'congestion-predicted|link|l1', immediately: true });

    // Eased: a forecast must persist afresh.
    steps('l1', [3, 3, 3]);
    predict('l1', 2);
    expect(lifecycle().slice(-2)).toEqual(['raise congestion|link|l1 warning', 'end congestion|link|l1']);
    predict('l1', 1);
    expect(lifecycle().at(-1)).toBe('raise congestion-predicted|link|l1 info');
  });

  it('is driven by a stream of updates as estimation and prediction publish them', () => {
    sut = new CongestionSource(sink, SINGLE_STEP, noNames);
    const feed = new Subject<LinkCongestionUpdate>();
    const subscription = feed.subscribe((u) => sut.apply(u));
    feed.next({ kind: 'levels', links: [{ linkId: 'l9', level: 5 }] });
    feed.next({ kind: 'predictions', links: [{ linkId: 'l8', leadTimeS: 600, level: 5, confidence: 0.95 }] });
    subscription.unsubscribe();

    expect(sink.summary()).toEqual(['raise congestion|link|l9', 'raise congestion-predicted|link|l8']);
  });
});
