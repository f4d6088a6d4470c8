import { matchesAny, topicMatchesFilter } from './topic-filter';

describe(topicMatchesFilter.name, () => {
  it.each([
    ['arterial/v1/detectors/+/measurement', 'arterial/v1/detectors/d-1/measurement', true],
    ['arterial/v1/detectors/+/measurement', 'arterial/v1/detectors//measurement', true],
    ['arterial/v1/detectors/+/measurement', 'arterial/v1/detectors/d-1/measurement/x', false],
    ['arterial/v1/controllers/+/plan/ack', 'arterial/v1/controllers/i-1/plan', false],
    ['arterial/v1/controllers/+/plan', 'arterial/v1/controllers/i-1/plan/ack', false],
    ['arterial/v1/#', 'arterial/v1', true],
    ['arterial/v1/#', 'arterial/v1/controllers/i-1/plan', true],
    ['arterial/v1/#', 'arterial/v2/x', false],
    ['#', '$SYS/broker/heartbeat', false],
    ['+/broker/heartbeat', '$SYS/broker/heartbeat', false],
    ['$SYS/#', '$SYS/broker/heartbeat', true],
    ['a/b', 'a/b', true],
    ['a/b', 'a/c', false],
    ['a/+', 'a', false],
  ])('%s against %s is %s', (filter, topic, expected) => {
    expect(topicMatchesFilter(filter, topic)).toBe(expected);
  });

  it('matches when any filter of a list does', () => {
    expect(matchesAny(['x/+', 'a/#'], 'a/b/c')).toBe(true);
    expect(matchesAny(['x/+', 'a/#'], 'b/c')).toBe(false);
  });
});
