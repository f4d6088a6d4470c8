/**
 * Topic access rules per role (docs/security.md). Pure: the broker asks them for every CONNECT will, PUBLISH
 * and SUBSCRIBE of a registry device; the mosquitto export writes the same rules as an ACL file.
 */
import { MESSAGE_ROUTES, parseTopic, TOPIC_ROOT, type MessageKind } from '@arterial/contracts/mqtt/v1';
import type { DeviceEntry } from './device-registry';

/** Who may act: a registry device, or the centre (the processor in-process, or a `centre` device). */
export type Actor = Pick<DeviceEntry, 'name' | 'role' | 'owns'>;

export type AclDecision = { allowed: true } | { allowed: false; why: string };

const ALLOW: AclDecision = { allowed: true };
const deny = (why: string): AclDecision => ({ allowed: false, why });

const DETECTOR_SENDS: readonly MessageKind[] = ['measurement'];
const CONTROLLER_SENDS: readonly MessageKind[] = ['state', 'status', 'plan-ack', 'command-ack'];
/** What a controller (and a gateway for its controllers) may subscribe to: its own plan and command, exactly. */
const CONTROLLER_HEARS: readonly MessageKind[] = ['plan', 'command'];

/**
 * A gateway may own thousands of ids and is asked on every PUBLISH: a linear scan of 18,000 ids took 92 % of the
 * processor's CPU in bench:load. One Set per owns array (stable for a connection's identity; a re-read registry
 * brings new arrays, and the WeakMap lets the old sets go).
 */
const ownedSets = new WeakMap<readonly string[], ReadonlySet<string>>();
function ownedSet(owns: readonly string[]): ReadonlySet<string> {
  let set = ownedSets.get(owns);
  if (!set) ownedSets.set(owns, (set = new Set(owns)));
  return set;
}

/** The ids a device acts for: itself, or what a gateway owns. */
function actsFor(actor: Actor, id: string, as: 'detector' | 'controller'): boolean {
  if (actor.role === 'gateway') return ownedSet(actor.owns).has(id);
  return actor.role === as && actor.name === id;
}

export function mayPublish(actor: Actor, topic: string): AclDecision {
  if (actor.role === 'centre') return topic.startsWith(`${TOPIC_ROOT}/`) ? ALLOW : deny(`the centre publishes under ${TOPIC_ROOT}/ only`);
  const parsed = parseTopic(topic);
  if (!parsed) return deny('not a v1 device topic');
  const { kind, deviceId } = parsed;
  if (MESSAGE_ROUTES[kind].direction === 'centre-to-device') return deny(`only the centre publishes ${kind}`);
  if (DETECTOR_SENDS.includes(kind)) return actsFor(actor, deviceId, 'detector') ? ALLOW : deny(`${actor.role} ${actor.name} does not publish for detector ${deviceId}`);
  if (CONTROLLER_SENDS.includes(kind)) return actsFor(actor, deviceId, 'controller') ? ALLOW : deny(`${actor.role} ${actor.name} does not publish for controller ${deviceId}`);
  return deny(`no role publishes ${kind}`);
}

/** Subscriptions are exact topics (no wildcards) except for the centre, so no device hears another's plans. */
export function maySubscribe(actor: Actor, filter: string): AclDecision {
  if (actor.role === 'centre') return filter.startsWith(`${TOPIC_ROOT}/`) || filter === '#' ? ALLOW : deny(`the centre subscribes under ${TOPIC_ROOT}/ only`);
  if (filter.includes('+') || filter.includes('#')) return deny('devices subscribe to exact topics, no wildcards');
  const parsed = parseTopic(filter);
  if (!parsed || !CONTROLLER_HEARS.includes(parsed.kind)) return deny('devices subscribe only to their plan and command topics');
  return actsFor(actor, parsed.deviceId, 'controller') ? ALLOW : deny(`${actor.role} ${actor.name} does not act for controller ${parsed.deviceId}`);
}

/** The topics a device may publish and subscribe to, as exact topics, for an ACL file (centre: the whole tree). */
export function grantedTopics(actor: Actor): { publish: string[]; subscribe: string[] } {
  if (actor.role === 'centre') return { publish: [`${TOPIC_ROOT}/#`], subscribe: [`${TOPIC_ROOT}/#`] };
  const detectors = actor.role === 'gateway' ? actor.owns : actor.role === 'detector' ? [actor.name] : [];
  const controllers = actor.role === 'gateway' ? actor.owns : actor.role === 'controller' ? [actor.name] : [];
  const topic = (kind: MessageKind, id: string) => `${TOPIC_ROOT}/${MESSAGE_ROUTES[kind].deviceClass}/${id}/${MESSAGE_ROUTES[kind].suffix}`;
  return {
    publish: [...detectors.flatMap((id) => DETECTOR_SENDS.map((k) => topic(k, id))), ...controllers.flatMap((id) => CONTROLLER_SENDS.map((k) => topic(k, id)))],
    subscribe: controllers.flatMap((id) => CONTROLLER_HEARS.map((k) => topic(k, id))),
  };
}
