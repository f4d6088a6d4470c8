import type { ControlAuditEvent, Override } from '@arterial/contracts/api/v1';
import { Subject } from 'rxjs';
import { ManualClock } from '../clock/clock';
import type { ControlFeed } from '../control/control-feed';
import { IngestCountersService } from '../ingest/ingest-counters';
import { LiveStateService } from '../state/live-state.service';
import { LiveFeedService } from './live-feed.service';
import { NOW, OPTIONS, RecordingSocket } from './live-feed.spec-helper';

const override = (state: Override['state']): Override => ({
  overrideId: 'o1', intersectionId: 'int-1', action: 'flash', commandId: 'k1', actor: 'ops', reason: 'works', state,
  startedAt: NOW - 1_000, endsAt: NOW + 600_000, endedAt: state === 'ended' ? NOW : null, outcome: state === 'ended' ? 'expired' : null,
});
const event = (action: ControlAuditEvent['action'], intersectionId: string): ControlAuditEvent => ({ at: NOW, intersectionId, action, actor: 'engine:webster', reason: 'AM peak', refId: 'p1', detail: null });

describe(`${LiveFeedService.name} with control`, () => {
  let events: Subject<ControlAuditEvent>;
  let overrides: Subject<Override[]>;
  let sut: LiveFeedService;

  beforeEach(() => {
    events = new Subject();
    overrides = new Subject();
    const feed: ControlFeed = { events$: events, overrideChanges$: overrides, activeOverrides: () => [override('active')] };
    sut = new LiveFeedService(new LiveStateService(), new IngestCountersService(), new ManualClock(NOW), OPTIONS, null, null, null, feed);
    sut.onModuleInit();
  });

  afterEach(() => sut.onModuleDestroy());

  it('puts the active overrides in the snapshot and sends override changes at once', () => {
    const socket = new RecordingSocket();
    sut.attach(socket);
    overrides.next([override('ended')]);
    expect(socket.sent[0]).toEqual(expect.objectContaining({ type: 'snapshot', overrides: [override('active')] }));
    expect(socket.sent[1]).toEqual({ type: 'overrides', serverTime: NOW, overrides: [override('ended')] });
  });

  it('gathers the control events of a tick into one message, and sends none when nothing happened', () => {
    const socket = new RecordingSocket();
    sut.attach(socket);
    events.next(event('plan-sent', 'int-1'));
    events.next(event('plan-sent', 'int-2'));
    expect(socket.sent).toHaveLength(1);
    sut.tick();
    expect(socket.sent.filter((m) => m.type === 'control')).toEqual([{ type: 'control', serverTime: NOW, events: [event('plan-sent', 'int-1'), event('plan-sent', 'int-2')] }]);
    sut.tick();
    expect(socket.sent.filter((m) => m.type === 'control')).toHaveLength(1);
  });
});
