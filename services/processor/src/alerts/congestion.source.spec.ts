import { Subject } from 'rxjs';
import { CongestionSource, type LinkCongestionUpdate } from './congestion.source';
import { RecordingSink, noNames } from './recording-sink.spec-helper';

describe(CongestionSource.name, () => {
  let sink: RecordingSink;
  let sut: CongestionSource;

  beforeEach(() => {
    sink = new RecordingSink();
    sut = new CongestionSource(sink, { congestedLevel: 4, minConfidence: 0.6 }, noNames);
  });

  it('raises congestion from level 4 (critical at 5) and ends it when the level drops or cannot be graded', () => {
    sut.levels([
      { linkId: 'l1', level: 4 },
      { linkId: 'l2', level: 3 },
      { linkId: 'l3', level: 5 },
    ]);
    sut.levels([
      { linkId: 'l1', level: 2 },
      { linkId: 'l3', level: null },
    ]);

    expect(sink.summary()).toEqual(['raise congestion|link|l1', 'raise congestion|link|l3', 'end congestion|link|l1', 'end congestion|link|l3']);
    expect(sink.events.slice(0, 2).map((e) => (e.op === 'raise' ? [e.condition.severity, e.condition.details] : []))).toEqual([
      ['warning', { level: 4 }],
      ['critical', { level: 5 }],
    ]);
  });

  it('raises predicted congestion with the earliest confident lead time, and ends it when forecasts relax', () => {
    sut.predictions([
      { linkId: 'l1', leadTimeS: 900, level: 5, confidence: 0.9 },
      { linkId: 'l1', leadTimeS: 300, level: 4, confidence: 0.7 },
      { linkId: 'l1', leadTimeS: 120, level: 5, confidence: 0.4 },
      { linkId: 'l2', leadTimeS: 300, level: 3, confidence: 0.99 },
    ]);
    sut.predictions([{ linkId: 'l1', leadTimeS: 300, level: 2, confidence: 0.9 }]);

    expect(sink.summary()).toEqual(['raise congestion-predicted|link|l1', 'end congestion-predicted|link|l1']);
    expect(sink.events[0]).toEqual({ op: 'raise', condition: expect.objectContaining({ severity: 'info', details: { level: 4, leadTimeS: 300, confidence: 0.7 } }) });
  });

  it('replaces a predicted alert by the congestion alert once the link is congested now', () => {
    sut.predictions([{ linkId: 'l1', leadTimeS: 300, level: 4, confidence: 0.8 }]);
    sut.levels([{ linkId: 'l1', level: 4 }]);
    sut.predictions([{ linkId: 'l1', leadTimeS: 300, level: 4, confidence: 0.8 }]);

    expect(sink.summary()).toEqual(['raise congestion-predicted|link|l1', 'end congestion-predicted|link|l1', 'raise congestion|link|l1']);
  });

  it('is driven by a stream of updates as estimation and prediction will publish them', () => {
    const feed = new Subject<LinkCongestionUpdate>();
    const subscription = feed.subscribe((u) => sut.apply(u));
    feed.next({ kind: 'levels', links: [{ linkId: 'l9', level: 5 }] });
    feed.next({ kind: 'predictions', links: [{ linkId: 'l8', leadTimeS: 600, level: 5, confidence: 0.95 }] });
    subscription.unsubscribe();

    expect(sink.summary()).toEqual(['raise congestion|link|l9', 'raise congestion-predicted|link|l8']);
  });
});
