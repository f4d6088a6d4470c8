import { grantedTopics, mayPublish, maySubscribe, type Actor } from './device-acl';

const detector: Actor = { name: 'd1', role: 'detector', owns: [] };
const controller: Actor = { name: 'c1', role: 'controller', owns: [] };
const gateway: Actor = { name: 'cab-1', role: 'gateway', owns: ['d1', 'c1'] };
const centre: Actor = { name: 'centre', role: 'centre', owns: [] };
const t = (rest: string) => `arterial/v1/${rest}`;

describe('device ACL', () => {
  it.each([
    [detector, t('detectors/d1/measurement'), true],
    [detector, t('detectors/d2/measurement'), false],
    [detector, t('controllers/d1/state'), false],
    [detector, t('controllers/c1/plan'), false],
    [controller, t('controllers/c1/state'), true],
    [controller, t('controllers/c1/status'), true],
    [controller, t('controllers/c1/plan/ack'), true],
    [controller, t('controllers/c1/command/ack'), true],
    [controller, t('controllers/c1/plan'), false],
    [controller, t('controllers/c1/command'), false],
    [controller, t('controllers/c2/state'), false],
    [controller, t('detectors/c1/measurement'), false],
    [gateway, t('detectors/d1/measurement'), true],
    [gateway, t('controllers/c1/status'), true],
    [gateway, t('detectors/d9/measurement'), false],
    [gateway, t('controllers/c9/state'), false],
    [gateway, t('controllers/c1/plan'), false],
    [centre, t('controllers/c1/plan'), true],
    [centre, t('controllers/c9/command'), true],
    [centre, 'elsewhere/x', false],
    [detector, 'arterial/v1/detectors/d1/measurement/extra', false],
    [detector, '$SYS/broker', false],
  ])('%j publishing %s: %s', (actor, topic, allowed) => {
    expect(mayPublish(actor, topic).allowed).toBe(allowed);
  });

  it.each([
    [controller, t('controllers/c1/plan'), true],
    [controller, t('controllers/c1/command'), true],
    [controller, t('controllers/c2/plan'), false],
    [controller, t('controllers/+/plan'), false],
    [controller, t('controllers/c1/#'), false],
    [controller, t('controllers/c1/state'), false],
    [detector, t('controllers/d1/plan'), false],
    [detector, t('detectors/d1/measurement'), false],
    [gateway, t('controllers/c1/plan'), true],
    [gateway, t('controllers/c2/plan'), false],
    [centre, t('#'), true],
    [centre, t('controllers/+/plan/ack'), true],
  ])('%j subscribing %s: %s', (actor, filter, allowed) => {
    expect(maySubscribe(actor, filter).allowed).toBe(allowed);
  });

  it('says why it refuses', () => {
    expect(mayPublish(detector, t('controllers/c1/plan'))).toEqual({ allowed: false, why: 'only the centre publishes plan' });
  });

  it('grants exactly the topics the rules allow', () => {
    const granted = grantedTopics(gateway);
    expect(granted.subscribe).toEqual([t('controllers/d1/plan'), t('controllers/d1/command'), t('controllers/c1/plan'), t('controllers/c1/command')]);
    for (const topic of granted.publish) expect(mayPublish(gateway, topic).allowed).toBe(true);
    for (const filter of granted.subscribe) expect(maySubscribe(gateway, filter).allowed).toBe(true);
    expect(grantedTopics(detector)).toEqual({ publish: [t('detectors/d1/measurement')], subscribe: [] });
    expect(grantedTopics(centre)).toEqual({ publish: [t('#')], subscribe: [t('#')] });
  });
});
