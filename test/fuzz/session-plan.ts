/**
 * What one fuzz session sends, drawn from a per-session Rng (run seed + session number), so any session
 * can be replayed alone. Most sessions stream many well-framed random packets over one connection and end
 * with a mutated one; the rest attack the handshake, the framing and the subscription tables.
 */
import { Rng } from '@arterial/device-kit';
import { connectBytes, mutationCase, packetCase, protocolCase, remainingLengthCase, subscribeFloodCase, type CaseKind } from './packet-cases';
import { int, pick } from './fuzz-values';

export type SessionKind = 'stream' | 'handshake' | 'remaining-length' | 'subscribe-flood' | 'connect-storm';

export interface PlannedSocket {
  head: Buffer[];
  /** Cases among the head's buffers (the opening CONNECT of a stream is not one). */
  headCases: number;
  tail: Buffer[];
}

export interface SessionPlan {
  kind: SessionKind;
  /** Sockets opened at once (a CONNECT storm opens many; everything else one). */
  sockets: PlannedSocket[];
  /** Cases this session sends, by kind (a valid CONNECT that only opens the session is not a case). */
  cases: Partial<Record<CaseKind, number>>;
}

export function sessionRng(seed: number, session: number): Rng {
  return Rng.forKey(`fuzz-session-${session}`, seed);
}

function validConnect(rng: Rng, nowMs: number): Buffer {
  return connectBytes(rng, nowMs, { clean: true, will: undefined, username: undefined, password: undefined, keepalive: 60 });
}

export function planSession(seed: number, session: number, nowMs: number): SessionPlan {
  const rng = sessionRng(seed, session);
  const roll = rng.index(100);
  if (roll < 72) {
    const batch = Array.from({ length: int(rng, 40, 120) }, () => packetCase(rng, nowMs).bytes);
    // The batch keeps the connection up; the one case that may end it comes last.
    const tailRoll = rng.index(100);
    const tail = tailRoll < 60 ? mutationCase(rng, nowMs) : tailRoll < 85 ? packetCase(rng, nowMs, 'violation') : protocolCase(rng, nowMs);
    return {
      kind: 'stream',
      sockets: [{ head: [validConnect(rng, nowMs), ...batch], headCases: batch.length, tail: [tail.bytes] }],
      cases: { packet: batch.length, [tail.kind]: 1 },
    };
  }
  if (roll < 84) {
    // The handshake itself: a wrong protocol, or a mutated CONNECT, or a valid one with odd fields.
    const which = rng.index(3);
    const bytes = which === 0 ? protocolCase(rng, nowMs).bytes : which === 1 ? mutationCase(rng, nowMs).bytes : connectBytes(rng, nowMs);
    const kind: CaseKind = which === 0 ? 'protocol' : which === 1 ? 'mutation' : 'connect';
    return { kind: 'handshake', sockets: [{ head: [bytes], headCases: 1, tail: [] }], cases: { [kind]: 1 } };
  }
  if (roll < 90) {
    return { kind: 'remaining-length', sockets: [{ head: [validConnect(rng, nowMs)], headCases: 0, tail: [remainingLengthCase(rng).bytes] }], cases: { 'remaining-length': 1 } };
  }
  if (roll < 95) {
    const floods = Array.from({ length: int(rng, 2, 5) }, () => subscribeFloodCase(rng).bytes);
    return { kind: 'subscribe-flood', sockets: [{ head: [validConnect(rng, nowMs), ...floods], headCases: floods.length, tail: [] }], cases: { 'subscribe-flood': floods.length } };
  }
  // A CONNECT storm; a shared client id makes each connection take over the previous one's session.
  const shared = rng.chance(0.5) ? `fuzz-storm-${session}` : undefined;
  const size = int(rng, 20, 60);
  const sockets = Array.from({ length: size }, () => ({
    head: [connectBytes(rng, nowMs, shared ? { clientId: shared } : { clean: pick(rng, [true, true, false]) })],
    headCases: 1,
    tail: [],
  }));
  return { kind: 'connect-storm', sockets, cases: { connect: size } };
}
