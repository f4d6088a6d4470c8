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

  it('holds back a re-raise within the window after a clear, counts it, and raises once the window ends if the condition persists', () => {
    sut.report(offline(), 0);
    sut.end('controller-offline', { type: 'intersection', id: 'i1' }, 0);
    sut.tick(HOLD); // cleared at HOLD

    expect(sut.report(offline(), HOLD + 1)).toBeNull();
    expect(sut.report(offline(), HOLD + 2)).toBeNull();
    expect(sut.openAlerts()).toEqual([]);
    expect(sut.suppressedCount()).toBe(2);
    expect(sut.tick(HOLD + WINDOW - 1)).toEqual([]);

    const late = sut.tick(HOLD + WINDOW);
    expect(late).toEqual([expect.objectContaining({ state: 'raised', raisedAt: HOLD + WINDOW, details: { reason: 'status', suppressed: 2 } })]);
  });

  it('drops a held-back condition that ended within the window, and raises normally after the window', () => {
    sut.report(offline(), 0);
    sut.end('controller-offline', { type: 'intersection', id: 'i1' }, 0);
    sut.tick(HOLD);
    sut.report(offline(), HOLD + 5);
    sut.end('controller-offline', { type: 'intersection', id: 'i1' }, HOLD + 6);

    expect(sut.tick(HOLD + WINDOW)).toEqual([]);
    expect(sut.report(offline(), HOLD + WINDOW + 1)).toMatchObject({ state: 'raised', details: { reason: 'status' } });
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

  it('never holds two open alerts for one key, and never raises a key twice within the window after its clear, whatever the sequence', () => {
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
