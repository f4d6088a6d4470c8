import fc from 'fast-check';
import type { AlertCondition } from './alert-condition';
import { AlertBook } from './alert-book';
import { AlertNotFoundError, AlertNotOpenError } from './alerts.errors';

const HOLD = 10_000;
const WINDOW = 60_000;

function offline(id = 'i1', overrides: Partial<AlertCondition> = {}): AlertCondition {
  return { kind: 'controller-offline', place: { type: 'intersection', id }, severity: 'critical', message: `${id} offline`, details: { reason: 'status' }, ...overrides };
}

describe(AlertBook.name, () => {
  let sut: AlertBook;

  beforeEach(() => {
    sut = new AlertBook({ clearHoldMs: HOLD, reRaiseWindowMs: WINDOW, recentClearedLimit: 3 });
  });

  it('raises one alert per (kind, place) and folds repeats into it', () => {
    const raised = sut.report(offline(), 1_000);
    expect(raised).toMatchObject({ kind: 'controller-offline', state: 'raised', raisedAt: 1_000, lastSeenAt: 1_000, occurrences: 1, severity: 'critical' });
    expect(sut.report(offline(), 2_000)).toBeNull();
    expect(sut.report(offline(), 3_000)).toBeNull();

    expect(sut.openAlerts()).toEqual([expect.objectContaining({ id: raised?.id, lastSeenAt: 3_000, occurrences: 3, raisedAt: 1_000 })]);
    expect(sut.report(offline('i2'), 3_000)?.id).not.toBe(raised?.id);
    expect(sut.report({ ...offline(), kind: 'plan-rejected', severity: 'warning' }, 3_000)).not.toBeNull();
    expect(sut.openAlerts()).toHaveLength(3);
  });

  it('announces a severity change of an open alert, and only that', () => {
    sut.report(offline('i1', { severity: 'warning' }), 0);
    expect(sut.report(offline('i1', { severity: 'warning', message: 'still' }), 1)).toBeNull();
    expect(sut.report(offline('i1', { severity: 'critical' }), 2)).toMatchObject({ severity: 'critical', occurrences: 3 });
  });

  it('clears only after the condition has stayed away for the hold time (hysteresis)', () => {
    const raised = sut.report(offline(), 0);
    sut.end('controller-offline', { type: 'intersection', id: 'i1' }, 1_000);
    expect(sut.tick(1_000 + HOLD - 1)).toEqual([]);
    // Back within the hold: stays open, the absence is forgotten.
    sut.report(offline(), 1_000 + HOLD - 1);
    expect(sut.tick(1_000 + HOLD * 5)).toEqual([]);

    sut.end('controller-offline', { type: 'intersection', id: 'i1' }, 100_000);
    sut.end('controller-offline', { type: 'intersection', id: 'i1' }, 105_000); // a repeated end does not restart the hold
    const cleared = sut.tick(100_000 + HOLD);

    expect(cleared).toEqual([expect.objectContaining({ id: raised?.id, state: 'cleared', clearedAt: 100_000 + HOLD })]);
    expect(sut.openAlerts()).toEqual([]);
    expect(sut.find(raised?.id ?? '')?.state).toBe('cleared');
  });

  it('re-opens the same alert when the condition comes back within the window after its clear, counting it', () => {
    const first = sut.report(offline(), 0);
    sut.end('controller-offline', { type: 'intersection', id: 'i1' }, 0);
    sut.tick(HOLD); // cleared at HOLD

    const again = sut.report(offline(), HOLD + 1);
    expect(again).toMatchObject({ id: first?.id, state: 'raised', raisedAt: 0, clearedAt: null, lastSeenAt: HOLD + 1, occurrences: 2, details: { reason: 'status', suppressed: 1 } });
    expect(sut.report(offline(), HOLD + 2)).toBeNull();
    expect(sut.openAlerts()).toEqual([expect.objectContaining({ id: first?.id, occurrences: 3 })]);
    expect(sut.reopenedCount()).toBe(1);

    sut.end('controller-offline', { type: 'intersection', id: 'i1' }, HOLD + 3);
    expect(sut.tick(2 * HOLD + 3)).toEqual([expect.objectContaining({ id: first?.id, state: 'cleared', details: { reason: 'status', suppressed: 1 } })]);
    expect(sut.report(offline(), 2 * HOLD + 4)).toMatchObject({ id: first?.id, details: { suppressed: 2 } });
  });

  it('keeps an acknowledgement through a re-opening, and the re-opened alert can be acknowledged no more than once', () => {
    const id = sut.report(offline(), 0)?.id ?? '';
    sut.acknowledge(id, 'ops', 'on it', 1);
    sut.end('controller-offline', { type: 'intersection', id: 'i1' }, 2);
    sut.tick(2 + HOLD);
    expect(() => sut.acknowledge(id, 'ops', 'late', 3 + HOLD)).toThrow(AlertNotOpenError);

    expect(sut.report(offline(), 4 + HOLD)).toMatchObject({ id, state: 'acknowledged', acknowledgedBy: 'ops', clearedAt: null });
    expect(sut.acknowledge(id, 'ops-2', 'again', 5 + HOLD).changed).toBe(false);
    expect(sut.recentlyCleared()).toEqual([]);
  });

  it('raises a new alert when the condition comes back after the window', () => {
    const first = sut.report(offline(), 0);
    sut.end('controller-offline', { type: 'intersection', id: 'i1' }, 0);
    sut.tick(HOLD);
    sut.tick(HOLD + WINDOW);

    const second = sut.report(offline(), HOLD + WINDOW + 1);
    expect(second).toMatchObject({ state: 'raised', raisedAt: HOLD + WINDOW + 1, occurrences: 1, details: { reason: 'status' } });
    expect(second?.id).not.toBe(first?.id);
  });

  it('clears a superseded condition on the next tick without the hold', () => {
    sut.report(offline(), 0);
    sut.end('controller-offline', { type: 'intersection', id: 'i1' }, 1, true);
    expect(sut.tick(1)).toEqual([expect.objectContaining({ state: 'cleared', clearedAt: 1 })]);
  });

  it('acknowledges an open alert by id once, then answers it unchanged; it still clears with its condition', () => {
    const raised = sut.report(offline(), 0);
    const id = raised?.id ?? '';

    const first = sut.acknowledge(id, 'ops-1', 'crew sent', 500);
    const again = sut.acknowledge(id, 'ops-2', 'me too', 600);

    expect(first).toEqual({ changed: true, alert: expect.objectContaining({ state: 'acknowledged', acknowledgedAt: 500, acknowledgedBy: 'ops-1', acknowledgedNote: 'crew sent' }) });
    expect(again).toEqual({ changed: false, alert: first.alert });
    sut.end('controller-offline', { type: 'intersection', id: 'i1' }, 1_000);
    expect(sut.tick(1_000 + HOLD)).toEqual([expect.objectContaining({ id, state: 'cleared', acknowledgedBy: 'ops-1' })]);
  });

  it('restores open alerts after a restart: same id and acknowledgement, cleared after the hold unless reported again', () => {
    const raised = sut.report(offline('i1'), 1_000) as NonNullable<ReturnType<AlertBook['report']>>;
    sut.report(offline('i2'), 1_000);
    sut.acknowledge(raised.id, 'op', 'seen', 2_000);
    const restarted = new AlertBook({ clearHoldMs: HOLD, reRaiseWindowMs: WINDOW, recentClearedLimit: 3 });
    restarted.restoreOpen(sut.openAlerts(), 50_000);
    expect(restarted.find(raised.id)).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'op' });
    expect(restarted.report(offline('i1'), 55_000)).toBeNull();
    expect(restarted.tick(50_000 + HOLD).map((a) => a.place.id)).toEqual(['i2']);
    expect(restarted.openAlerts().map((a) => a.id)).toEqual([raised.id]);
  });

  it('refuses to acknowledge a cleared alert (409) and an unknown one (404)', () => {
    const id = sut.report(offline(), 0)?.id ?? '';
    sut.end('controller-offline', { type: 'intersection', id: 'i1' }, 0);
    sut.tick(HOLD);

    expect(() => sut.acknowledge(id, 'ops', 'late', HOLD + 1)).toThrow(AlertNotOpenError);
    expect(() => sut.acknowledge('nobody', 'ops', 'x', 0)).toThrow(AlertNotFoundError);
  });

  it('keeps a bounded number of cleared alerts', () => {
    for (let i = 0; i < 5; i++) {
      sut.report(offline(`i${i}`), 0);
      sut.end('controller-offline', { type: 'intersection', id: `i${i}` }, 0);
    }
    sut.tick(HOLD);
    expect(sut.recentlyCleared()).toHaveLength(3);
  });

  it('hands out copies: changing a returned alert does not change the book', () => {
    const raised = sut.report(offline(), 0);
    if (raised) raised.state = 'cleared';
    expect(sut.openAlerts()[0]?.state).toBe('raised');
  });

  it('never holds two open alerts for one key, and never raises a new alert for a key within the window after its clear, whatever the sequence', () => {
    const step = fc.record({ place: fc.constantFrom('i1', 'i2'), op: fc.constantFrom('report', 'end', 'tick'), dtMs: fc.integer({ min: 0, max: 30_000 }) });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const book = new AlertBook({ clearHoldMs: HOLD, reRaiseWindowMs: WINDOW, recentClearedLimit: 100 });
        const clearedAt = new Map<string, number>();
        let now = 0;
        for (const s of steps) {
          now += s.dtMs;
          const raised: Array<{ placeId: string; raisedAt: number }> = [];
          if (s.op === 'report') {
            const alert = book.report(offline(s.place), now);
            if (alert?.state === 'raised' && alert.occurrences === 1) raised.push({ placeId: alert.place.id, raisedAt: alert.raisedAt });
            if (alert && alert.raisedAt !== now && alert.details.suppressed === undefined) return false;
          } else if (s.op === 'end') book.end('controller-offline', { type: 'intersection', id: s.place }, now);
          else {
            for (const alert of book.tick(now)) {
              if (alert.state === 'cleared') clearedAt.set(alert.place.id, now);
              else raised.push({ placeId: alert.place.id, raisedAt: alert.raisedAt });
            }
          }
          for (const r of raised) {
            const last = clearedAt.get(r.placeId);
            if (last !== undefined && r.raisedAt - last < WINDOW) return false;
          }
          const keys = book.openAlerts().map((a) => a.place.id);
          if (new Set(keys).size !== keys.length) return false;
        }
        return true;
      }),
    );
  });
});
