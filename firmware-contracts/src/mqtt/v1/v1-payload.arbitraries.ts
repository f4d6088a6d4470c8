/**
 * fast-check arbitraries for valid v1 payloads, written from the schemas' bounds and the validators'
 * cross-field rules, so property specs can generate messages the centre must accept. Test-only:
 * imported by *.property.spec.ts, never by the package's public entries.
 */
import fc from 'fast-check';
import { MAX_CLOCK_SKEW_MS, MAX_COMMAND_VALIDITY_S, MAX_HOLD_S, MAX_PASSAGE_S } from './schemas';
import type { MessageKind, V1Messages } from './topics';

const MIN_EPOCH_MS = 946684800000;
const MAX_EPOCH_MS = 4102444800000;

/** Drops keys whose value is undefined, so a generated payload equals its JSON round trip. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const real = (min: number, max: number, maxExcluded = false) => fc.double({ min, max, noNaN: true, maxExcluded });

export const idArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const phaseArb = fc.integer({ min: 1, max: 32 });
const seqArb = fc.integer({ min: 0, max: 4294967295 });
const textArb = (maxLength: number) => fc.string({ minLength: 1, maxLength });

/** Timestamps a centre at `nowMs` accepts: inside the schema's range and not beyond the allowed clock skew. */
const pastEpochArb = (nowMs: number) => fc.integer({ min: MIN_EPOCH_MS, max: Math.min(MAX_EPOCH_MS, nowMs + MAX_CLOCK_SKEW_MS) });

const measurementArb = (nowMs: number): fc.Arbitrary<V1Messages['measurement']> =>
  fc
    .record({
      ts: pastEpochArb(nowMs),
      seq: seqArb,
      intervalS: fc.integer({ min: 1, max: 3600 }),
      volume: fc.integer({ min: 0, max: 10000 }),
      occupancyPct: real(0, 100),
      speedKph: optional(real(0, 250)),
      health: fc.constantFrom('ok', 'degraded', 'failed' as const),
    })
    .map(compact);

const stateArb = (nowMs: number): fc.Arbitrary<V1Messages['state']> =>
  fc
    .record({
      mode: fc.constantFrom('fixed', 'adaptive', 'manual', 'flash', 'off' as const),
      // cycleS 0 is drawn often: it is the edge where the cycleSecond rule switches off.
      cycleS: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 600 })),
      fraction: real(0, 1, true),
      phases: fc.uniqueArray(
        fc.record({ id: phaseArb, state: fc.constantFrom('green', 'yellow', 'red', 'flashing-yellow', 'dark' as const), remainingS: real(0, 600) }),
        { minLength: 1, maxLength: 32, selector: (p) => p.id },
      ),
      ts: pastEpochArb(nowMs),
      seq: seqArb,
      planId: idArb,
    })
    .map(({ mode, cycleS, fraction, ...rest }) => {
      const coordinated = mode === 'fixed' || mode === 'adaptive';
      const cycle = coordinated && cycleS === 0 ? 1 : cycleS;
      return { ...rest, mode, cycleS: cycle, cycleSecond: cycle > 0 ? Math.min(fraction * cycle, cycle - Number.EPSILON * cycle) : fraction * 600 };
    });

const statusArb = (nowMs: number): fc.Arbitrary<V1Messages['status']> =>
  fc.record({ online: fc.boolean(), firmware: textArb(64), faults: fc.array(textArb(128), { maxLength: 32 }), ts: pastEpochArb(nowMs) });

/** One split inside a cycle of `cycleS`, with an actuation window that holds its green when present. */
const splitArb = (phase: number, cycleS: number) =>
  fc
    .record({
      greenS: real(0, Math.min(300, cycleS), cycleS <= 300),
      actuation: optional(fc.record({ below: real(0, 1), above: real(0, 1), passageS: fc.double({ min: 0, max: MAX_PASSAGE_S, minExcluded: true, noNaN: true }) })),
    })
    .map(({ greenS, actuation }) =>
      compact({
        phase,
        greenS,
        actuation: actuation && { minGreenS: greenS * actuation.below, maxGreenS: Math.min(300, greenS + (300 - greenS) * actuation.above), passageS: actuation.passageS },
      }),
    );

const validityArb = (nowMs: number, maxValidityMs: number) =>
  fc
    .tuple(pastEpochArb(nowMs), fc.integer({ min: 1, max: maxValidityMs }))
    .filter(([issuedAt, validity]) => issuedAt + validity <= MAX_EPOCH_MS)
    .map(([issuedAt, validity]) => ({ issuedAt, expiresAt: issuedAt + validity }));

const planArb = (nowMs: number): fc.Arbitrary<V1Messages['plan']> =>
  fc.integer({ min: 20, max: 600 }).chain((cycleS) =>
    fc
      .record({
        planId: idArb,
        times: validityArb(nowMs, 24 * 3600_000),
        offsetS: real(0, cycleS, true),
        splits: fc.uniqueArray(phaseArb, { minLength: 1, maxLength: 32 }).chain((phases) => fc.tuple(...phases.map((p) => splitArb(p, cycleS)))),
        reason: textArb(256),
        coordinated: optional(fc.nat()),
      })
      .map(({ times, coordinated, splits, ...rest }) =>
        compact({ ...rest, ...times, cycleS, splits, coordinatedPhase: coordinated === undefined ? undefined : splits[coordinated % splits.length]!.phase }),
      ),
  );

/** The fields both acknowledgements share; a refusal always carries its reason. */
const ackFieldsArb = (nowMs: number) =>
  fc
    .record({ id: idArb, accepted: fc.boolean(), reason: optional(textArb(256)), ts: optional(pastEpochArb(nowMs)) })
    .map(({ accepted, reason, ...rest }) => ({ ...rest, accepted, reason: accepted ? reason : (reason ?? 'rejected') }));

const commandArb = (nowMs: number): fc.Arbitrary<V1Messages['command']> =>
  fc.constantFrom('hold-phase', 'flash', 'resume' as const).chain((action) =>
    fc
      .record({
        commandId: idArb,
        times: validityArb(nowMs, (action === 'hold-phase' ? MAX_HOLD_S : MAX_COMMAND_VALIDITY_S) * 1000),
        phase: action === 'hold-phase' ? phaseArb : fc.constant(undefined),
        reason: textArb(256),
      })
      .map(({ times, ...rest }) => compact({ ...rest, ...times, action })),
  );

/** A payload of `kind` that the validators must accept at a centre clock of `nowMs`. */
export function validPayloadArb<K extends MessageKind>(kind: K, nowMs: number): fc.Arbitrary<V1Messages[K]> {
  const arbitraries: { [P in MessageKind]: fc.Arbitrary<V1Messages[P]> } = {
    measurement: measurementArb(nowMs),
    state: stateArb(nowMs),
    status: statusArb(nowMs),
    plan: planArb(nowMs),
    'plan-ack': ackFieldsArb(nowMs).map(({ id, ...ack }) => compact({ planId: id, ...ack })),
    command: commandArb(nowMs),
    'command-ack': ackFieldsArb(nowMs).map(({ id, ...ack }) => compact({ commandId: id, ...ack })),
  };
  return arbitraries[kind];
}
