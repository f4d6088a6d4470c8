import type { DecodedMessage } from '@arterial/contracts/mqtt/v1';
import { ControllerOfflineSource } from './controller-offline.source';
import { RecordingSink, measurement, planAck, status } from './recording-sink.spec-helper';

const state = (deviceId: string): DecodedMessage => ({
  kind: 'state',
  deviceId,
  payload: { ts: 1, seq: 1, mode: 'fixed', planId: 'p', cycleS: 90, cycleSecond: 1, phases: [] },
});

describe(ControllerOfflineSource.name, () => {
  let sink: RecordingSink;
  let sut: ControllerOfflineSource;

  beforeEach(() => {
    sink = new RecordingSink();
    sut = new ControllerOfflineSource(sink, { silentMs: 30_000 }, (type, id) => (type === 'intersection' && id === 'i1' ? 'Main & 1st' : undefined));
  });

  it('raises on an offline status (own or last will) with the junction name, and ends on the next sign of life', () => {
    sut.observe(status('i1', true), 0);
    sut.observe(status('i1', false), 1_000);
    sut.observe(state('i1'), 2_000);

    expect(sink.summary()).toEqual(['raise controller-offline|intersection|i1', 'end controller-offline|intersection|i1']);
    expect(sink.events[0]).toEqual({
      op: 'raise',
      condition: expect.objectContaining({ severity: 'critical', place: { type: 'intersection', id: 'i1', name: 'Main & 1st' }, details: { reason: 'status' } }),
    });
  });

  it('raises once for a controller silent longer than the limit, and ends when it is heard again', () => {
    sut.observe(status('i2', true), 0);
    sut.tick(30_000);
    expect(sink.events).toEqual([]);

    sut.tick(30_001);
    sut.tick(60_000);
    sut.observe(planAck('i2', true), 61_000);

    expect(sink.summary()).toEqual(['raise controller-offline|intersection|i2', 'end controller-offline|intersection|i2']);
    expect(sink.events[0]).toEqual({ op: 'raise', condition: expect.objectContaining({ details: { reason: 'silent', silentS: 30 } }) });
  });

  it('ignores detectors and sends no end for a controller that was never offline', () => {
    sut.observe(measurement('d1'), 0);
    sut.observe(status('i1', true), 0);
    sut.tick(10_000);
    expect(sink.events).toEqual([]);
  });
});
