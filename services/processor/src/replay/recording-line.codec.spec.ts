import { decodeRecordingLine, encodeRecordingLine, PAYLOAD_BYTES_PER_LINE_UNIT, parseRecordingLine } from './recording-line.codec';

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

  describe(parseRecordingLine.name, () => {
    it.each([
      ['a recording line', encodeRecordingLine({ topic: 'arterial/v1/detectors/D-1/measurement', receivedAt: 5, payload })],
      ['a simulator line', JSON.stringify({ detectorId: 'XA-A1-N-S', ...payload })],
      ['a line with -0 in its payload', '{"topic":"arterial/v1/detectors/D-01/measurement","receivedAt":5,"payload":{"a":-0,"b":[-0.0, -0e3],"c":-0.5}}'],
      ['a line with numbers and text that grow when written', '{"topic":"t","receivedAt":5,"payload":{"a":1e20,"b":[-9e20,1E20],"c":"\\u00e9\\/é€😀"}}'],
    ])('keeps the payload parsed for %s: the value its text parses to, with no more bytes than its bound', (_what, line) => {
      const sut = parseRecordingLine(line);
      const decoded = decodeRecordingLine(line);
      if (!sut.ok || !decoded.ok) throw new Error('line refused');
      expect(sut.message.value).toStrictEqual(JSON.parse(decoded.message.payload));
      expect({ topic: sut.message.topic, receivedAt: sut.message.receivedAt }).toEqual({ topic: decoded.message.topic, receivedAt: decoded.message.receivedAt });
      expect(Buffer.byteLength(decoded.message.payload)).toBeLessThanOrEqual(sut.message.payloadBytesAtMost);
      expect(sut.message.payloadBytesAtMost).toBe(line.length * PAYLOAD_BYTES_PER_LINE_UNIT);
    });

    it('writes no more UTF-8 bytes than the bound for the worst growth of a number', () => {
      const line = '[1e20,9e20,1e-7,1e-6]';
      expect(Buffer.byteLength(JSON.stringify(JSON.parse(line)))).toBeLessThanOrEqual(line.length * PAYLOAD_BYTES_PER_LINE_UNIT);
      expect(Buffer.byteLength(JSON.stringify(1e20))).toBe(21);
    });

    it('refuses what decodeRecordingLine refuses, with the same reason', () => {
      for (const line of ['{"topic":', '42', JSON.stringify({ detectorId: 'a/b', ts: 1 })]) expect(parseRecordingLine(line)).toEqual(decodeRecordingLine(line));
    });
  });
});
