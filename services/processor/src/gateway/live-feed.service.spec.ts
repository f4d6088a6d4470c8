import type { DetectorMeasurement } from '@arterial/contracts/mqtt/v1';
import type { ServerMessage } from '@arterial/contracts/live/v1';
import { ManualClock } from '../clock/clock';
import { IngestCountersService } from '../ingest/ingest-counters';
import { LiveStateService } from '../state/live-state.service';
import { LiveFeedService } from './live-feed.service';
import { NOW, OPTIONS, RecordingSocket } from './live-feed.spec-helper';

// Ticks are driven by hand: the service's own timer is set far beyond any test.

/** A socket that keeps what it was sent; bufferedAmount is set by the test to simulate congestion. */
function measurement(ts: number, volume: number): DetectorMeasurement {
  return { ts, seq: volume, intervalS: 10, volume, occupancyPct: 10, health: 'ok' };
}

function setup() {
  const clock = new ManualClock(NOW);
  const state = new LiveStateService();
  const counters = new IngestCountersService();
  const sut = new LiveFeedService(state, counters, clock, OPTIONS);
  sut.onModuleInit();
  return { sut, state, counters, clock };
}

const deltas = (socket: RecordingSocket) => socket.sent.filter((m): m is Extract<ServerMessage, { type: 'delta' }> => m.type === 'delta');

describe(LiveFeedService.name, () => {
  let fixture: ReturnType<typeof setup>;
  beforeEach(() => {
    fixture = setup();
  });
  afterEach(() => {
    fixture.sut.onModuleDestroy();
  });

  it('sends a new client the whole picture first', () => {
    const { sut, state, counters } = fixture;
    state.registerIntersections(['int-1']);
    state.applyMeasurement('det-1', measurement(NOW - 1000, 4));
    counters.accepted = 7;
    const socket = new RecordingSocket();

    sut.attach(socket);

    expect(socket.sent).toEqual([
      {
        type: 'snapshot',
        serverTime: NOW,
        detectors: [expect.objectContaining({ id: 'det-1', volume: 4 })],
        intersections: [expect.objectContaining({ id: 'int-1', online: null })],
        counters: { accepted: 7, rejected: 0, duplicates: 0 },
      },
    ]);
    expect(sut.clientCount()).toBe(1);
  });

  it('then sends changes as deltas, at most one per entity per interval, always the latest value', () => {
    const { sut, state, clock } = fixture;
    const socket = new RecordingSocket();
    sut.attach(socket);

    state.applyMeasurement('det-1', measurement(NOW + 1, 1));
    state.applyMeasurement('det-2', measurement(NOW + 1, 5));
    sut.tick();
    state.applyMeasurement('det-1', measurement(NOW + 2, 2));
    state.applyMeasurement('det-1', measurement(NOW + 3, 3));
    clock.advance(100);
    sut.tick();
    clock.advance(150);
    sut.tick();

    expect(deltas(socket).map((d) => [d.serverTime - NOW, d.detectors.map((x) => `${x.id}:${x.volume}`)])).toEqual([
      [0, ['det-1:1', 'det-2:5']],
      [250, ['det-1:3']],
    ]);
  });

  it('holds deltas for a congested client and sends it only the latest values once it drains', () => {
    const { sut, state, clock } = fixture;
    const socket = new RecordingSocket();
    sut.attach(socket);
    socket.bufferedAmount = OPTIONS.highWaterBytes + 1;

    for (let i = 1; i <= 3; i += 1) {
      state.applyMeasurement('det-1', measurement(NOW + i, i));
      clock.advance(OPTIONS.minIntervalMs);
      sut.tick();
    }
    const whileCongested = deltas(socket).length;
    socket.bufferedAmount = 0;
    sut.tick();

    expect(whileCongested).toBe(0);
    expect(deltas(socket).map((d) => d.detectors.map((x) => x.volume))).toEqual([[3]]);
  });

  it('sends counters periodically, and nothing to a detached client', () => {
    const { sut, counters, clock } = fixture;
    const socket = new RecordingSocket();
    const session = sut.attach(socket);
    counters.rejected = 2;

    clock.advance(OPTIONS.counterEveryMs);
    sut.tick();
    sut.detach(session);
    clock.advance(OPTIONS.counterEveryMs);
    sut.tick();

    expect(socket.sent.map((m) => m.type)).toEqual(['snapshot', 'counters']);
    expect(socket.sent[1]).toEqual({ type: 'counters', serverTime: NOW + OPTIONS.counterEveryMs, counters: { accepted: 0, rejected: 2, duplicates: 0 } });
    expect(sut.clientCount()).toBe(0);
  });
});
