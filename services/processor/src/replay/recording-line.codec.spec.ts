import { decodeRecordingLine, encodeRecordingLine } from './recording-line.codec';

describe('recording line codec', () => {
  const payload = { ts: 1_700_000_010_000, seq: 3, intervalS: 10, volume: 2, occupancyPct: 4.5, health: 'ok' };

  it('decodes a recording line to the topic, receive time and payload text it carried', () => {
    const line = encodeRecordingLine({ topic: 'arterial/v1/detectors/D-1/measurement', receivedAt: 1_700_000_010_250, payload });
    expect(decodeRecordingLine(line)).toEqual({ ok: true, message: { topic: 'arterial/v1/detectors/D-1/measurement', receivedAt: 1_700_000_010_250, payload: JSON.stringify(payload) } });
  });

  it('decodes a simulator line to a measurement on its detector topic, received at its ts', () => {
    const sut = decodeRecordingLine(JSON.stringify({ detectorId: 'XA-A1-N-S', ...payload }));
    expect(sut).toEqual({ ok: true, message: { topic: 'arterial/v1/detectors/XA-A1-N-S/measurement', receivedAt: payload.ts, payload: JSON.stringify(payload) } });
  });

  it.each([
    ['not JSON', '{"topic":', /not JSON/],
    ['a number', '42', /neither a recording line nor a simulator line/],
    ['a recording line without receivedAt', '{"topic":"arterial/v1/detectors/D-1/measurement","payload":{}}', /neither.*receivedAt/],
    ['a recording line with an extra field', '{"topic":"t","receivedAt":1,"payload":{},"x":1}', /neither/],
    ['a simulator line with a bad id', JSON.stringify({ detectorId: 'a/b', ts: 1 }), /not a valid id/],
  ])('refuses %s with a reason instead of throwing', (_what, text, reason) => {
    const sut = decodeRecordingLine(text);
    expect(sut.ok).toBe(false);
    expect(!sut.ok && sut.error).toMatch(reason);
  });
});
