import type { Alert } from '@arterial/contracts/api/v1';
import { ManualClock } from '../clock/clock';
import { StorageUnavailableError } from '../storage/storage.errors';
import { InMemoryTimeSeriesStore } from '../storage/in-memory-time-series-store';
import type { AlertCondition } from './alert-condition';
import { AlertService } from './alert.service';
import { AlertNotFoundError, AlertNotOpenError } from './alerts.errors';
import { alertsOptions } from './alerts.options';

const NOW = Date.UTC(2026, 10, 27, 8, 0, 0);
const offline = (id: string): AlertCondition => ({ kind: 'controller-offline', place: { type: 'intersection', id }, severity: 'critical', message: `${id} offline`, details: {} });

describe(AlertService.name, () => {
  let clock: ManualClock;
  let store: InMemoryTimeSeriesStore;
  let sut: AlertService;
  let changes: Alert[][];

  beforeEach(() => {
    clock = new ManualClock(NOW);
    store = new InMemoryTimeSeriesStore();
    sut = new AlertService(clock, store, alertsOptions({ clearHoldMs: 1_000, tickMs: 3_600_000 }));
    changes = [];
    sut.changes$.subscribe((c) => changes.push(c));
  });

  it('stores every lifecycle step and announces it', async () => {
    sut.raise(offline('i1'));
    const id = changes[0]?.[0]?.id ?? '';
    clock.advance(10);
    await sut.acknowledge(id, { actor: 'ops', note: 'on it' });
    sut.end('controller-offline', { type: 'intersection', id: 'i1' });
    clock.advance(1_000);
    sut.tick();

    expect(changes.map((c) => c.map((a) => a.state))).toEqual([['raised'], ['acknowledged'], ['cleared']]);
    const stored = await store.alerts({ range: { fromMs: NOW, toMs: NOW + 2_000 }, limit: 10 });
    expect(stored).toEqual([expect.objectContaining({ id, state: 'cleared', acknowledgedBy: 'ops', clearedAt: NOW + 1_010 })]);
  });

  it('clears a superseded condition at once, without waiting for the hold or the timer', () => {
    sut.raise(offline('i1'));
    sut.end('controller-offline', { type: 'intersection', id: 'i1' }, { immediately: true });

    expect(changes.map((c) => c.map((a) => [a.state, a.clearedAt]))).toEqual([[['raised', null]], [['cleared', NOW]]]);
  });

  it('re-opens the same alert when the condition returns within the re-raise window; history folds it to its latest state', async () => {
    sut.raise(offline('i1'));
    const id = changes[0]?.[0]?.id ?? '';
    sut.end('controller-offline', { type: 'intersection', id: 'i1' });
    clock.advance(1_000);
    sut.tick();
    clock.advance(10);
    sut.raise(offline('i1'));

    expect(changes.map((c) => c.map((a) => [a.id, a.state]))).toEqual([[[id, 'raised']], [[id, 'cleared']], [[id, 'raised']]]);
    const stored = await store.alerts({ range: { fromMs: NOW, toMs: NOW + 2_000 }, limit: 10 });
    expect(stored).toEqual([expect.objectContaining({ id, state: 'raised', clearedAt: null, details: { suppressed: 1 } })]);
  });

  it('lists open alerts from memory and history from the store, each once, newest step first, filtered', async () => {
    const old: Alert = { ...(await raiseAndClear('i9')), id: 'old-1' };
    store.write([{ kind: 'alert', at: old.clearedAt ?? 0, alert: old }]);
    sut.raise(offline('i2'));

    const all = await sut.list({});
    const cleared = await sut.list({ state: 'cleared' });

    expect(all.alerts.map((a) => [a.place.id, a.state])).toEqual([['i2', 'raised'], ['i9', 'cleared'], ['i9', 'cleared']]);
    expect(cleared.alerts.every((a) => a.state === 'cleared')).toBe(true);
    expect(all.historyError).toBeNull();
  });

  it('still lists open alerts when the store is away, saying why history is missing', async () => {
    sut.raise(offline('i1'));
    jest.spyOn(store, 'alerts').mockRejectedValue(new StorageUnavailableError('InfluxDB unreachable'));

    const list = await sut.list({});

    expect(list.alerts.map((a) => a.place.id)).toEqual(['i1']);
    expect(list.historyError).toBe('InfluxDB unreachable');
  });

  it('answers 409 for an alert only the store still knows as cleared, and 404 for one nobody knows', async () => {
    store.write([{ kind: 'alert', at: NOW - 1_000, alert: { ...(await raiseAndClear('i3')), id: 'stored-1' } }]);

    await expect(sut.acknowledge('stored-1', { actor: 'a', note: 'b' })).rejects.toThrow(AlertNotOpenError);
    await expect(sut.acknowledge('nobody', { actor: 'a', note: 'b' })).rejects.toThrow(AlertNotFoundError);
  });

  async function raiseAndClear(place: string): Promise<Alert> {
    sut.raise(offline(place));
    sut.end('controller-offline', { type: 'intersection', id: place });
    clock.advance(1_000);
    sut.tick();
    clock.advance(1);
    const last = changes.at(-1)?.[0];
    if (!last) throw new Error('nothing cleared');
    return last;
  }
});
