/**
 * Properties of the v1 topic grammar: build and parse are inverse on every valid (kind, id), and every
 * topic that parses rebuilds to itself, so no two topics reach the centre as the same device.
 */
import fc from 'fast-check';
import { buildTopic, isValidId, MESSAGE_KINDS, MESSAGE_ROUTES, parseTopic, TOPIC_ROOT } from './topics';
import { idArb } from './v1-payload.arbitraries';

const kindArb = fc.constantFrom(...MESSAGE_KINDS);
/** Ids just outside the grammar: too long, empty, or with one character the grammar forbids. */
const badIdArb = fc.oneof(
  fc.constant(''),
  fc.stringMatching(/^[A-Za-z0-9_-]{65,80}$/),
  fc
    .tuple(idArb, fc.constantFrom('/', '+', '#', ' ', '.', '$', '\u0000', 'é', '\n', '😀'), fc.nat())
    .map(([id, bad, at]) => id.slice(0, at % id.length) + bad + id.slice(at % id.length)),
);

describe(`${parseTopic.name} and ${buildTopic.name} (properties)`, () => {
  it('parse(build(kind, id)) is (kind, id) for every kind and valid id', () => {
    fc.assert(
      fc.property(kindArb, idArb, (kind, deviceId) => {
        expect(parseTopic(buildTopic(kind, deviceId))).toEqual({ kind, deviceId });
      }),
      { numRuns: 20000 },
    );
  });

  it('build(parse(topic)) is the topic itself whenever an arbitrary string parses', () => {
    const segment = fc.oneof(idArb, fc.constantFrom('arterial', 'v1', 'v2', 'detectors', 'controllers', 'measurement', 'state', 'plan', 'ack', 'command', '', '+', '#', '$SYS'));
    const topicArb = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.array(segment, { minLength: 1, maxLength: 8 }).map((parts) => parts.join('/')));
    fc.assert(
      fc.property(topicArb, (topic) => {
        const parsed = parseTopic(topic);
        if (parsed) expect(buildTopic(parsed.kind, parsed.deviceId)).toBe(topic);
      }),
      { numRuns: 30000 },
    );
  });

  it('rejects junk around a valid topic: bad ids, wildcards, empty or extra levels, other roots, case changes', () => {
    const junkArb = fc.oneof(
      fc.tuple(kindArb, badIdArb).map(([kind, id]) => `${TOPIC_ROOT}/${MESSAGE_ROUTES[kind].deviceClass}/${id}/${MESSAGE_ROUTES[kind].suffix}`),
      fc.tuple(kindArb, idArb, fc.constantFrom('/', '/x', '//', '/#', '/+')).map(([kind, id, tail]) => buildTopic(kind, id) + tail),
      fc.tuple(kindArb, idArb, fc.constantFrom('/', '$share/g/', 'Arterial/', 'x/')).map(([kind, id, head]) => head + buildTopic(kind, id)),
      fc.tuple(kindArb, idArb).map(([kind, id]) => buildTopic(kind, id).replace('/v1/', '/v2/')),
      fc.tuple(kindArb, idArb).map(([kind, id]) => buildTopic(kind, id).replace(`/${id}/`, '/+/')),
      fc.tuple(kindArb, idArb).map(([kind, id]) => buildTopic(kind, id).toUpperCase()),
      // A detector's suffix under the controllers' class and vice versa.
      fc.tuple(kindArb, idArb).map(([kind, id]) => buildTopic(kind, id).replace(/\/(detectors|controllers)\//, (_m, c: string) => (c === 'detectors' ? '/controllers/' : '/detectors/'))),
    );
    fc.assert(
      fc.property(junkArb, (topic) => {
        expect(parseTopic(topic)).toBeUndefined();
      }),
      { numRuns: 20000 },
    );
  });

  it('refuses to build a topic for an id outside the grammar', () => {
    fc.assert(
      fc.property(kindArb, badIdArb, (kind, id) => {
        expect(isValidId(id)).toBe(false);
        expect(() => buildTopic(kind, id)).toThrow(/invalid device id/);
      }),
      { numRuns: 5000 },
    );
  });
});
