import { buildTopic, CENTRE_SUBSCRIPTIONS, isValidId, MESSAGE_KINDS, MESSAGE_ROUTES, parseTopic, TOPIC_ROOT } from './topics';

describe(isValidId.name, () => {
  it.each(['a', 'int_0042', 'det-N12-3', 'A'.repeat(64)])('accepts %p', (id) => {
    expect(isValidId(id)).toBe(true);
  });

  it.each(['', 'a'.repeat(65), 'det 12', 'a/b', '+', '#', 'dét', 'a.b', 'abc\n'])('rejects %p', (id) => {
    expect(isValidId(id)).toBe(false);
  });
});

describe(buildTopic.name, () => {
  const sut = buildTopic;

  it.each([
    ['measurement', 'det-1', 'arterial/v1/detectors/det-1/measurement'],
    ['state', 'int_7', 'arterial/v1/controllers/int_7/state'],
    ['status', 'int_7', 'arterial/v1/controllers/int_7/status'],
    ['plan', 'int_7', 'arterial/v1/controllers/int_7/plan'],
    ['plan-ack', 'int_7', 'arterial/v1/controllers/int_7/plan/ack'],
  ] as const)('builds the %s topic', (kind, id, topic) => {
    expect(sut(kind, id)).toBe(topic);
  });

  it('throws on an id outside the grammar instead of publishing to a wrong topic', () => {
    expect(() => sut('plan', 'int/7')).toThrow(/invalid device id/);
    expect(() => sut('plan', '')).toThrow(/invalid device id/);
  });
});

describe(parseTopic.name, () => {
  const sut = parseTopic;

  it.each(MESSAGE_KINDS)('round-trips buildTopic for %s', (kind) => {
    expect(sut(buildTopic(kind, 'X_1-y'))).toEqual({ kind, deviceId: 'X_1-y' });
  });

  it.each([
    ['empty', ''],
    ['root only', TOPIC_ROOT],
    ['other version', 'arterial/v2/detectors/d1/measurement'],
    ['other root', 'traffic/v1/detectors/d1/measurement'],
    ['kind under the wrong device class', 'arterial/v1/detectors/d1/state'],
    ['measurement under controllers', 'arterial/v1/controllers/c1/measurement'],
    ['unknown suffix', 'arterial/v1/controllers/c1/reboot'],
    ['extra level', 'arterial/v1/controllers/c1/plan/ack/x'],
    ['trailing slash', 'arterial/v1/detectors/d1/measurement/'],
    ['leading slash', '/arterial/v1/detectors/d1/measurement'],
    ['empty id', 'arterial/v1/detectors//measurement'],
    ['wildcard id', 'arterial/v1/detectors/+/measurement'],
    ['id too long', `arterial/v1/detectors/${'a'.repeat(65)}/measurement`],
    ['upper-case root', 'Arterial/v1/detectors/d1/measurement'],
  ])('rejects %s', (_label, topic) => {
    expect(sut(topic)).toBeUndefined();
  });
});

describe('MESSAGE_ROUTES', () => {
  it('matches the fixed interface: QoS, retain and direction per kind', () => {
    expect(MESSAGE_ROUTES).toMatchObject({
      measurement: { qos: 1, retained: false, direction: 'device-to-centre' },
      state: { qos: 0, retained: false, direction: 'device-to-centre' },
      status: { qos: 1, retained: true, direction: 'device-to-centre' },
      plan: { qos: 1, retained: false, direction: 'centre-to-device' },
      'plan-ack': { qos: 1, retained: false, direction: 'device-to-centre' },
    });
  });
});

describe('CENTRE_SUBSCRIPTIONS', () => {
  /** Minimal MQTT filter matching: '+' is one level. */
  const matches = (filter: string, topic: string): boolean => {
    const f = filter.split('/');
    const t = topic.split('/');
    return f.length === t.length && f.every((level, i) => level === '+' || level === t[i]);
  };

  it.each(MESSAGE_KINDS)('covers %s exactly when devices send it', (kind) => {
    const topic = buildTopic(kind, 'dev1');
    const covered = CENTRE_SUBSCRIPTIONS.some((filter) => matches(filter, topic));
    expect(covered).toBe(MESSAGE_ROUTES[kind].direction === 'device-to-centre');
  });
});
