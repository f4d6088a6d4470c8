import { FIXTURE_DEVICE_IDS, FIXTURE_NOW_MS, validPayload } from '../../testing/fixtures';
import { MAX_CLOCK_SKEW_MS, MAX_PAYLOAD_BYTES } from './schemas';
import { buildTopic, MESSAGE_KINDS, type MessageKind } from './topics';
import { decodeMessage, REJECT_REASONS, validatePayload, type DecodeResult, type RejectReason } from './validators';

const NOW = FIXTURE_NOW_MS;
const options = { nowMs: NOW };
const topicOf = (kind: MessageKind) => buildTopic(kind, FIXTURE_DEVICE_IDS[kind]);
const reasonOf = (result: DecodeResult | { ok: boolean; reason?: RejectReason }) => (result.ok ? 'ok' : result.reason);

describe(validatePayload.name, () => {
  const sut = validatePayload;

  it.each(MESSAGE_KINDS)('accepts the %s fixture and returns it typed', (kind) => {
    const payload = validPayload(kind);
    expect(sut(kind, payload, options)).toEqual({ ok: true, payload });
  });

  it.each([
    ['measurement', { occupancyPct: NaN }],
    ['measurement', { speedKph: Infinity }],
    ['measurement', { volume: -Infinity }],
    ['state', { cycleSecond: NaN }],
  ] as const)('rejects non-finite numbers in %s (%p) by schema', (kind, fields) => {
    expect(reasonOf(sut(kind, { ...validPayload(kind), ...fields }, options))).toBe('schema');
  });

  it('lists at most three schema errors with their paths', () => {
    const result = sut('measurement', { ts: 'x', seq: 'x', intervalS: 'x', volume: 'x', occupancyPct: 'x', health: 1 }, options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.detail.split('; ')).toHaveLength(3);
    expect(result.detail).toMatch(/^\/\w+: /);
  });

  it.each(MESSAGE_KINDS)('rejects non-objects as %s', (kind) => {
    for (const value of [null, [], 'x', 42, true]) expect(reasonOf(sut(kind, value, options))).toBe('schema');
  });

  describe('cross-field rules', () => {
    it.each([
      ['state', { cycleSecond: 90 }, /cycleSecond 90 must be < cycleS 90/],
      ['state', { mode: 'adaptive', cycleS: 0, cycleSecond: 0 }, /cycleS must be > 0 in adaptive mode/],
      ['state', { mode: 'fixed', cycleS: 0, cycleSecond: 0 }, /cycleS must be > 0 in fixed mode/],
      ['state', { phases: [{ id: 1, state: 'red', remainingS: 1 }, { id: 1, state: 'red', remainingS: 1 }] }, /each phase id once/],
      ['plan', { expiresAt: NOW }, /expiresAt must be after issuedAt/],
      ['plan', { offsetS: 90 }, /offsetS 90 must be < cycleS 90/],
      ['plan', { splits: [{ phase: 2, greenS: 10 }, { phase: 2, greenS: 10 }] }, /each phase once/],
      ['plan', { splits: [{ phase: 4, greenS: 90 }] }, /greenS 90 of phase 4 must be < cycleS 90/],
      ['plan-ack', { accepted: false, reason: undefined }, /reason is required/],
    ] as const)('rejects %s %p as semantic', (kind, fields, detail) => {
      const result = sut(kind, { ...validPayload(kind), ...fields }, options);
      expect(result).toMatchObject({ ok: false, reason: 'semantic', detail: expect.stringMatching(detail) });
    });

    it.each([
      ['state', { mode: 'flash', cycleS: 0, cycleSecond: 0 }],
      ['state', { mode: 'off', cycleS: 0, cycleSecond: 0 }],
      ['state', { mode: 'manual', cycleS: 0, cycleSecond: 0 }],
      ['state', { cycleSecond: 89.9 }],
      ['plan', { offsetS: 89.5 }],
      ['plan', { cycleS: 100, splits: [1, 2, 3, 4, 5, 6, 7, 8].map((phase) => ({ phase, greenS: 30 })) }],
      ['plan-ack', { accepted: false, reason: 'min green violated' }],
    ] as const)('accepts %s %p', (kind, fields) => {
      expect(reasonOf(sut(kind, { ...validPayload(kind), ...fields }, options))).toBe('ok');
    });
  });

  describe('clock skew', () => {
    it.each([
      ['measurement', 'ts'],
      ['state', 'ts'],
      ['status', 'ts'],
      ['plan-ack', 'ts'],
    ] as const)('rejects %s with %s beyond the skew and accepts it at the limit', (kind, field) => {
      expect(reasonOf(sut(kind, { ...validPayload(kind), [field]: NOW + MAX_CLOCK_SKEW_MS }, options))).toBe('ok');
      expect(reasonOf(sut(kind, { ...validPayload(kind), [field]: NOW + MAX_CLOCK_SKEW_MS + 1 }, options))).toBe('future-timestamp');
    });

    it('judges a plan by issuedAt', () => {
      const issuedAt = NOW + MAX_CLOCK_SKEW_MS + 1;
      expect(reasonOf(sut('plan', { ...validPayload('plan'), issuedAt, expiresAt: issuedAt + 60_000 }, options))).toBe('future-timestamp');
    });

    it('accepts an acknowledgement without ts', () => {
      const { ts: _ts, ...ack } = validPayload('plan-ack');
      expect(reasonOf(sut('plan-ack', ack, options))).toBe('ok');
    });

    it('accepts old timestamps: devices replay buffered data after reconnecting', () => {
      expect(reasonOf(sut('measurement', { ...validPayload('measurement'), ts: NOW - 7 * 24 * 3600_000 }, options))).toBe('ok');
    });

    it('honours maxClockSkewMs', () => {
      const payload = { ...validPayload('measurement'), ts: NOW + 2000 };
      expect(reasonOf(sut('measurement', payload, { nowMs: NOW, maxClockSkewMs: 1000 }))).toBe('future-timestamp');
    });
  });
});

describe(decodeMessage.name, () => {
  const sut = decodeMessage;
  const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

  it.each(MESSAGE_KINDS)('decodes a valid %s from bytes and from a string', (kind) => {
    const payload = validPayload(kind);
    const expected = { ok: true, kind, deviceId: FIXTURE_DEVICE_IDS[kind], payload };
    expect(sut(topicOf(kind), encode(payload), options)).toEqual(expected);
    expect(sut(topicOf(kind), JSON.stringify(payload), options)).toEqual(expected);
  });

  it('decodes a Buffer, as MQTT clients deliver it', () => {
    expect(sut(topicOf('status'), Buffer.from(JSON.stringify(validPayload('status'))), options).ok).toBe(true);
  });

  it('keeps unknown fields so newer optional fields pass through v1 receivers', () => {
    const result = sut(topicOf('status'), JSON.stringify({ ...validPayload('status'), uptimeS: 12 }), options);
    expect(result).toMatchObject({ ok: true, payload: { uptimeS: 12 } });
  });

  it('rejects a bad topic before looking at the payload', () => {
    expect(sut('arterial/v1/detectors/a b/measurement', 'not json', options)).toMatchObject({ ok: false, reason: 'bad-topic' });
  });

  it('truncates a long bad topic in the detail', () => {
    const result = sut('x'.repeat(10_000), '{}', options);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.detail.length).toBeLessThan(300);
  });

  describe('size limit', () => {
    const padded = (bytes: number) => {
      const empty = JSON.stringify({ ...validPayload('status'), pad: '' });
      return JSON.stringify({ ...validPayload('status'), pad: 'x'.repeat(bytes - empty.length) });
    };

    it(`accepts exactly ${MAX_PAYLOAD_BYTES} bytes and rejects one more, before parsing`, () => {
      expect(reasonOf(sut(topicOf('status'), padded(MAX_PAYLOAD_BYTES), options))).toBe('ok');
      expect(sut(topicOf('status'), padded(MAX_PAYLOAD_BYTES + 1), options)).toMatchObject({
        ok: false,
        reason: 'oversize',
        topic: { kind: 'status', deviceId: FIXTURE_DEVICE_IDS.status },
      });
      expect(reasonOf(sut(topicOf('status'), 'x'.repeat(MAX_PAYLOAD_BYTES + 1), options))).toBe('oversize');
    });

    it('counts UTF-8 bytes, not characters, for string payloads', () => {
      // 'é' is 2 bytes, '信' 3 and '🚦' 4 (a surrogate pair in JS).
      for (const char of ['é', '信', '🚦']) {
        const bytes = new TextEncoder().encode(char).byteLength;
        const count = Math.floor(MAX_PAYLOAD_BYTES / bytes) + 1;
        const text = char.repeat(count);
        expect(reasonOf(sut(topicOf('status'), text, options))).toBe('oversize');
        expect(reasonOf(sut(topicOf('status'), new TextEncoder().encode(text), options))).toBe('oversize');
      }
    });
  });

  it.each([
    ['lone continuation byte', [0x80]],
    ['0xFF', [0xff]],
    ['overlong slash', [0xc0, 0xaf]],
    ['encoded surrogate', [0xed, 0xa0, 0x80]],
    ['truncated sequence', [0xe4, 0xbf]],
  ])('rejects invalid UTF-8 (%s) as bad-encoding', (_label, bytes) => {
    const raw = new Uint8Array([...new TextEncoder().encode('{"firmware":"'), ...bytes, ...new TextEncoder().encode('"}')]);
    expect(sut(topicOf('status'), raw, options)).toMatchObject({ ok: false, reason: 'bad-encoding' });
  });

  it.each(['', '{', 'NaN', '{"a":NaN}', "{'a':1}", '{"a":1,}', 'undefined'])('rejects %p as bad-json', (text) => {
    expect(sut(topicOf('status'), text, options)).toMatchObject({ ok: false, reason: 'bad-json' });
  });

  it('reports the parsed topic with schema rejections so dead letters can name the device', () => {
    expect(sut(topicOf('plan-ack'), '{}', options)).toMatchObject({ ok: false, reason: 'schema', topic: { kind: 'plan-ack', deviceId: FIXTURE_DEVICE_IDS['plan-ack'] } });
  });

  it('never throws, whatever the input', () => {
    const inputs: (string | Uint8Array)[] = ['{"__proto__":{"x":1}}', '[]', '"str"', '1e400', new Uint8Array(0), new Uint8Array([0, 0, 0])];
    for (const kind of MESSAGE_KINDS) for (const raw of inputs) expect(() => sut(topicOf(kind), raw, options)).not.toThrow();
  });

  it('only ever returns the documented reason codes', () => {
    const results = [sut('bad', '', options), sut(topicOf('state'), '{}', options)];
    for (const result of results) if (!result.ok) expect(REJECT_REASONS).toContain(result.reason);
  });
});
