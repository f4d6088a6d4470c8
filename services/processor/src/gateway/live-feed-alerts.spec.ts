import type { Alert } from '@arterial/contracts/api/v1';
import { Subject } from 'rxjs';
import type { AlertFeed } from '../alerts/alert-feed';
import { ManualClock } from '../clock/clock';
import { IngestCountersService } from '../ingest/ingest-counters';
import { LiveStateService } from '../state/live-state.service';
import { LiveFeedService } from './live-feed.service';
import { NOW, OPTIONS, RecordingSocket } from './live-feed.spec-helper';


const alert = (id: string, state: Alert['state']): Alert => ({
  id,
  kind: 'controller-offline',
  severity: 'critical',
  place: { type: 'intersection', id: 'int-1' },
  state,
  raisedAt: NOW - 5_000,
  lastSeenAt: NOW - 5_000,
  acknowledgedAt: null,
  acknowledgedBy: null,
  acknowledgedNote: null,
  clearedAt: state === 'cleared' ? NOW : null,
  message: 'int-1 offline',
  details: {},
  occurrences: 1,
});

describe(`${LiveFeedService.name} with alerts`, () => {
  let changes: Subject<Alert[]>;
  let sut: LiveFeedService;

  beforeEach(() => {
    changes = new Subject<Alert[]>();
    const feed: AlertFeed = { openAlerts: () => [alert('a1', 'raised')], changes$: changes };
    sut = new LiveFeedService(new LiveStateService(), new IngestCountersService(), new ManualClock(NOW), OPTIONS, feed);
    sut.onModuleInit();
  });

  afterEach(() => sut.onModuleDestroy());

  it('puts the open alerts in the snapshot and sends every change to every session at once, even a congested one', () => {
    const calm = new RecordingSocket();
    const congested = new RecordingSocket();
    sut.attach(calm);
    sut.attach(congested);
    congested.bufferedAmount = 10 * OPTIONS.highWaterBytes;

    changes.next([alert('a1', 'cleared')]);

    expect(calm.sent[0]).toEqual(expect.objectContaining({ type: 'snapshot', alerts: [alert('a1', 'raised')] }));
    for (const socket of [calm, congested]) expect(socket.sent[1]).toEqual({ type: 'alerts', serverTime: NOW, alerts: [alert('a1', 'cleared')] });
  });
});
