/**
 * Client input the embedded broker must refuse before aedes acts on it, found by the MQTT fuzzer
 * (test/fuzz, docs/fuzzing.md). Both checks run in aedes' authorizePublish (which also sees last wills)
 * and authorizeSubscribe, ahead of anything aedes stores or matches.
 *
 * - Topics of more than 100 levels: aedes matches with qlobber, which throws `Error('too many words')`
 *   beyond its default `max_words` of 100, inside aedes' callbacks and outside any try; one PUBLISH,
 *   SUBSCRIBE or will from any client is an uncaught exception that ends the processor.
 * - Retained PUBLISHes outside the contract's retained topics (controller status): aedes keeps every retained
 *   message in memory for good, so random topics with the retain flag grow the heap without bound (the fuzzer's
 *   100,000 cases grew it by 350 MiB). An empty retained payload (which clears one) is always allowed.
 * - QoS 2 PUBLISHes: aedes-persistence keeps each one until its PUBREL, keyed by client id, and never
 *   drops them when a clean session ends; a client that never sends PUBREL leaks its payloads for good
 *   (10 KB × 3,000 = 42 MB retained in the fuzzer's reproduction). The v1 contract uses QoS 0 and 1 only.
 */

import { MESSAGE_ROUTES, parseTopic } from '@arterial/contracts/mqtt/v1';

/** qlobber's default `max_words`, which neither aedes nor mqemitter overrides. No v1 topic has more than 6. */
export const MAX_TOPIC_LEVELS = 100;

/** True when the broker's matcher would throw on this topic or filter. */
export function exceedsTopicLevels(topic: string): boolean {
  let levels = 1;
  for (let i = topic.indexOf('/'); i !== -1; i = topic.indexOf('/', i + 1)) {
    if (++levels > MAX_TOPIC_LEVELS) return true;
  }
  return false;
}

function levelsProblem(topic: string): string | undefined {
  return exceedsTopicLevels(topic) ? `topic has more than ${MAX_TOPIC_LEVELS} levels (${topic.split('/').length})` : undefined;
}

/** Why a client's PUBLISH (or will) must be refused, or undefined. Refuse by failing authorizePublish: MQTT 3.1.1 then closes the connection. */
export function publishProblem(packet: { topic: string; qos: number; retain?: boolean; payload?: { length: number } }): string | undefined {
  if (packet.qos === 2) return 'QoS 2 is not part of the contract (QoS 0 and 1 only)';
  const levels = levelsProblem(packet.topic);
  if (levels) return levels;
  if (packet.retain && (packet.payload?.length ?? 0) > 0 && !retainedByContract(packet.topic)) return 'retained messages are only taken on the contract’s retained topics (controller status)';
  return undefined;
}

function retainedByContract(topic: string): boolean {
  const parsed = parseTopic(topic);
  return parsed !== undefined && MESSAGE_ROUTES[parsed.kind].retained;
}

/** Why a SUBSCRIBE filter must be refused, or undefined. Refuse with a null subscription: the SUBACK says 0x80, the connection stays. */
export function subscriptionProblem(filter: string): string | undefined {
  return levelsProblem(filter);
}
