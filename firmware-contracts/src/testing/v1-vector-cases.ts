/**
 * The v1 firmware test vectors, declared once as data and written to `vectors/` by the generator.
 * Each case starts from a valid fixture and changes one thing, so a rejection has exactly one cause.
 * Rejection order in decodeMessage: topic, size, UTF-8, JSON, schema, cross-field rules, clock skew.
 */
import { FIXTURE_DEVICE_IDS, FIXTURE_NOW_MS, validPayload } from './fixtures';
import { MAX_CLOCK_SKEW_MS, MAX_COMMAND_VALIDITY_S, MAX_HOLD_S, MAX_PAYLOAD_BYTES } from '../mqtt/v1/schemas';
import { MESSAGE_KINDS, MESSAGE_ROUTES, TOPIC_ROOT, type MessageKind } from '../mqtt/v1/topics';
import type { RejectReason } from '../mqtt/v1/validators';
import type { VectorValidity } from './load-vectors';
import type { VectorExpectation } from './vector-file.schema';

export interface VectorCase {
  kind: MessageKind;
  validity: VectorValidity;
  /** File name without `.json`, kebab-case. */
  name: string;
  description: string;
  topic: string;
  /** Exact payload: text for anything UTF-8, bytes for the cases that must not be. */
  payload: string | Uint8Array;
  nowMs: number;
  expect: VectorExpectation;
}

interface CaseSpec {
  name: string;
  description: string;
  payload: string | Uint8Array;
  /** Defaults to the fixture device's topic for the kind. */
  topic?: string;
  /** 'ok' or the reject reason. */
  expect: 'ok' | RejectReason;
}

type JsonObject = Record<string, unknown>;

const NOW = FIXTURE_NOW_MS;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Marker replaced by raw bytes or tokens JSON.stringify cannot produce. */
const MARK = '@@RAW@@';

const fixture = (kind: MessageKind): JsonObject => validPayload(kind) as unknown as JsonObject;
const json = (value: unknown): string => JSON.stringify(value);
const withFields = (kind: MessageKind, fields: JsonObject): string => json({ ...fixture(kind), ...fields });
const without = (kind: MessageKind, field: string): string => {
  const payload = fixture(kind);
  delete payload[field];
  return json(payload);
};
/** JSON text with one field set to a raw token such as NaN or 1e400. */
const withRawToken = (kind: MessageKind, field: string, token: string): string => withFields(kind, { [field]: MARK }).replace(`"${MARK}"`, token);
/** Valid JSON except that one string value carries the given invalid UTF-8 bytes. */
const withBadUtf8 = (kind: MessageKind, bytes: number[]): Uint8Array => {
  const [head = '', tail = ''] = withFields(kind, { note: MARK }).split(MARK);
  return Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from(bytes), Buffer.from(tail, 'utf8')]);
};
/** Otherwise valid JSON padded with an unknown field to `bytes` bytes in total. */
const paddedTo = (kind: MessageKind, bytes: number): string => {
  const empty = withFields(kind, { padding: '' });
  return withFields(kind, { padding: 'x'.repeat(bytes - Buffer.byteLength(empty)) });
};
/** A topic in the kind's place with any device id, including ones the grammar forbids (buildTopic would throw). */
const topicWithId = (kind: MessageKind, id: string): string => `${TOPIC_ROOT}/${MESSAGE_ROUTES[kind].deviceClass}/${id}/${MESSAGE_ROUTES[kind].suffix}`;

/** Cases every kind shares: the transport-level limits. */
const commonInvalid = (kind: MessageKind): CaseSpec[] => [
  {
    name: 'oversize',
    description: `Otherwise valid payload of ${MAX_PAYLOAD_BYTES + 1} bytes, one over the ${MAX_PAYLOAD_BYTES}-byte limit; rejected before parsing.`,
    payload: paddedTo(kind, MAX_PAYLOAD_BYTES + 1),
    expect: 'oversize',
  },
  { name: 'empty-payload', description: 'Zero-byte payload is not JSON.', payload: '', expect: 'bad-json' },
  { name: 'topic-id-too-long', description: 'Device id of 65 characters; ids are 1-64 of [A-Za-z0-9_-].', payload: json(fixture(kind)), topic: topicWithId(kind, 'a'.repeat(65)), expect: 'bad-topic' },
];

const measurement = (): CaseSpec[] => [
  { name: 'typical', description: 'A 60 s aggregate with speed.', payload: json(fixture('measurement')), expect: 'ok' },
  { name: 'without-speed', description: 'speedKph omitted by a detector that cannot measure speed.', payload: without('measurement', 'speedKph'), expect: 'ok' },
  {
    name: 'bounds',
    description: 'Every number at an edge of its range: seq 0 after a reboot, volume 0, occupancy 100 %, one-hour interval, speed 0, failed health.',
    payload: withFields('measurement', { seq: 0, volume: 0, occupancyPct: 100, intervalS: 3600, speedKph: 0, health: 'failed' }),
    expect: 'ok',
  },
  { name: 'unknown-fields-ignored', description: 'Fields v1 does not know are ignored, so newer firmware can add optional data.', payload: withFields('measurement', { laneCount: 2, vendor: { model: 'X1' } }), expect: 'ok' },
  { name: 'ts-at-skew-limit', description: `ts exactly ${MAX_CLOCK_SKEW_MS} ms ahead of the centre clock is still accepted.`, payload: withFields('measurement', { ts: NOW + MAX_CLOCK_SKEW_MS }), expect: 'ok' },
  { name: 'size-at-limit', description: `Payload of exactly ${MAX_PAYLOAD_BYTES} bytes is accepted.`, payload: paddedTo('measurement', MAX_PAYLOAD_BYTES), expect: 'ok' },
  { name: 'volume-as-string', description: 'volume is a number, not the string "23".', payload: withFields('measurement', { volume: '23' }), expect: 'schema' },
  { name: 'missing-health', description: 'health is required.', payload: without('measurement', 'health'), expect: 'schema' },
  { name: 'occupancy-above-100', description: 'occupancyPct is a percentage, at most 100.', payload: withFields('measurement', { occupancyPct: 100.5 }), expect: 'schema' },
  { name: 'volume-negative', description: 'volume cannot be negative.', payload: withFields('measurement', { volume: -1 }), expect: 'schema' },
  { name: 'volume-fractional', description: 'volume counts vehicles: an integer.', payload: withFields('measurement', { volume: 23.5 }), expect: 'schema' },
  { name: 'occupancy-nan-string', description: 'occupancyPct as the string "NaN" (what some printf paths emit).', payload: withFields('measurement', { occupancyPct: 'NaN' }), expect: 'schema' },
  { name: 'speed-infinity-string', description: 'speedKph as the string "Infinity".', payload: withFields('measurement', { speedKph: 'Infinity' }), expect: 'schema' },
  { name: 'speed-overflows-to-infinity', description: 'speedKph 1e400 is valid JSON syntax but overflows to Infinity; non-finite numbers are rejected.', payload: withRawToken('measurement', 'speedKph', '1e400'), expect: 'schema' },
  { name: 'nan-token', description: 'A bare NaN token is not JSON.', payload: withRawToken('measurement', 'occupancyPct', 'NaN'), expect: 'bad-json' },
  { name: 'health-unknown', description: "health is one of 'ok', 'degraded', 'failed'.", payload: withFields('measurement', { health: 'unknown' }), expect: 'schema' },
  { name: 'ts-in-seconds', description: 'ts in seconds instead of milliseconds falls below the valid range.', payload: withFields('measurement', { ts: Math.floor(NOW / 1000) }), expect: 'schema' },
  { name: 'seq-above-uint32', description: 'seq is an unsigned 32-bit counter.', payload: withFields('measurement', { seq: 4294967296 }), expect: 'schema' },
  { name: 'null-payload', description: 'The JSON value null is not a measurement.', payload: 'null', expect: 'schema' },
  { name: 'ts-far-future', description: 'ts one day ahead of the centre clock (device clock not synchronised).', payload: withFields('measurement', { ts: NOW + DAY_MS }), expect: 'future-timestamp' },
  { name: 'ts-just-beyond-skew', description: `ts ${MAX_CLOCK_SKEW_MS + 1} ms ahead, one millisecond beyond the allowed skew.`, payload: withFields('measurement', { ts: NOW + MAX_CLOCK_SKEW_MS + 1 }), expect: 'future-timestamp' },
  { name: 'bad-utf8', description: 'A 0xFF byte inside a string; payloads must be valid UTF-8.', payload: withBadUtf8('measurement', [0xff]), expect: 'bad-encoding' },
  { name: 'topic-id-with-space', description: 'Detector id with a space.', payload: json(fixture('measurement')), topic: topicWithId('measurement', 'det 12'), expect: 'bad-topic' },
  { name: 'topic-wrong-version', description: 'v2 topics are not v1 messages.', payload: json(fixture('measurement')), topic: `arterial/v2/detectors/${FIXTURE_DEVICE_IDS.measurement}/measurement`, expect: 'bad-topic' },
];

const state = (): CaseSpec[] => [
  { name: 'typical', description: 'Adaptive mode, mid-cycle, four phases.', payload: json(fixture('state')), expect: 'ok' },
  {
    name: 'flash-without-cycle',
    description: 'Flash mode runs without a cycle: cycleS 0, cycleSecond 0, phases flashing yellow.',
    payload: withFields('state', { mode: 'flash', cycleS: 0, cycleSecond: 0, phases: [{ id: 2, state: 'flashing-yellow', remainingS: 0 }, { id: 4, state: 'dark', remainingS: 0 }] }),
    expect: 'ok',
  },
  { name: 'manual-without-cycle', description: 'Manual mode may report cycleS 0.', payload: withFields('state', { mode: 'manual', cycleS: 0, cycleSecond: 0 }), expect: 'ok' },
  { name: 'fixed-cycle-start', description: 'Fixed mode at the first second of the cycle.', payload: withFields('state', { mode: 'fixed', cycleSecond: 0, extra: 'ignored' }), expect: 'ok' },
  { name: 'cycle-second-equals-cycle', description: 'cycleSecond must be < cycleS: 90 in a 90 s cycle is the next cycle\'s 0.', payload: withFields('state', { cycleSecond: 90 }), expect: 'semantic' },
  { name: 'duplicate-phase-ids', description: 'Each phase appears once.', payload: withFields('state', { phases: [{ id: 2, state: 'green', remainingS: 12 }, { id: 2, state: 'red', remainingS: 3 }] }), expect: 'semantic' },
  { name: 'adaptive-without-cycle', description: 'Fixed and adaptive modes need a cycle (cycleS > 0).', payload: withFields('state', { cycleS: 0, cycleSecond: 0 }), expect: 'semantic' },
  { name: 'empty-phases', description: 'At least one phase.', payload: withFields('state', { phases: [] }), expect: 'schema' },
  { name: 'phases-as-object', description: 'phases is an array, not an object keyed by phase.', payload: withFields('state', { phases: { '2': { state: 'green', remainingS: 12 } } }), expect: 'schema' },
  { name: 'phase-id-zero', description: 'Phase numbers are 1-32.', payload: withFields('state', { phases: [{ id: 0, state: 'green', remainingS: 12 }] }), expect: 'schema' },
  { name: 'phase-state-amber', description: "'amber' is not a v1 indication; use 'yellow'.", payload: withFields('state', { phases: [{ id: 2, state: 'amber', remainingS: 3 }] }), expect: 'schema' },
  { name: 'mode-auto', description: "'auto' is not a v1 mode.", payload: withFields('state', { mode: 'auto' }), expect: 'schema' },
  { name: 'plan-id-with-slash', description: 'planId follows the id grammar; no slashes.', payload: withFields('state', { planId: 'plans/0815' }), expect: 'schema' },
  { name: 'remaining-negative', description: 'remainingS cannot be negative.', payload: withFields('state', { phases: [{ id: 2, state: 'green', remainingS: -0.5 }] }), expect: 'schema' },
  { name: 'missing-seq', description: 'seq is required.', payload: without('state', 'seq'), expect: 'schema' },
  { name: 'cycle-as-string', description: 'cycleS is a number, not "90".', payload: withFields('state', { cycleS: '90' }), expect: 'schema' },
  { name: 'cycle-fractional', description: 'cycleS is a whole number of seconds.', payload: withFields('state', { cycleS: 90.5 }), expect: 'schema' },
  { name: 'cycle-second-nan-string', description: 'cycleSecond as the string "NaN".', payload: withFields('state', { cycleSecond: 'NaN' }), expect: 'schema' },
  { name: 'ts-far-future', description: 'ts one day ahead of the centre clock.', payload: withFields('state', { ts: NOW + DAY_MS }), expect: 'future-timestamp' },
  { name: 'trailing-comma', description: 'JSON does not allow a trailing comma.', payload: json(fixture('state')).replace(/}$/, ',}'), expect: 'bad-json' },
  { name: 'topic-under-detectors', description: 'state lives under controllers/, not detectors/.', payload: json(fixture('state')), topic: `${TOPIC_ROOT}/detectors/${FIXTURE_DEVICE_IDS.state}/state`, expect: 'bad-topic' },
];

const status = (): CaseSpec[] => [
  { name: 'online-healthy', description: 'Online with no faults (published retained on connect).', payload: json(fixture('status')), expect: 'ok' },
  { name: 'last-will-offline', description: 'The last-will message: online false, retained, published by the broker when the controller drops off.', payload: withFields('status', { online: false }), expect: 'ok' },
  { name: 'with-faults', description: 'Active fault codes listed.', payload: withFields('status', { faults: ['LAMP_OUT_P2_RED', 'DOOR_OPEN'] }), expect: 'ok' },
  { name: 'non-ascii-firmware', description: 'Non-ASCII text is fine when encoded as UTF-8.', payload: withFields('status', { firmware: 'Ampelsteuerung Müller 2.0 信号机' }), expect: 'ok' },
  { name: 'online-as-string', description: 'online is a boolean, not "true".', payload: withFields('status', { online: 'true' }), expect: 'schema' },
  { name: 'missing-firmware', description: 'firmware is required.', payload: without('status', 'firmware'), expect: 'schema' },
  { name: 'empty-firmware', description: 'firmware has at least one character.', payload: withFields('status', { firmware: '' }), expect: 'schema' },
  { name: 'firmware-too-long', description: 'firmware is at most 64 characters.', payload: withFields('status', { firmware: 'v'.repeat(65) }), expect: 'schema' },
  { name: 'faults-not-array', description: 'faults is an array; send [] when healthy.', payload: withFields('status', { faults: 'none' }), expect: 'schema' },
  { name: 'fault-empty-string', description: 'Fault codes are non-empty.', payload: withFields('status', { faults: [''] }), expect: 'schema' },
  { name: 'too-many-faults', description: 'At most 32 fault codes.', payload: withFields('status', { faults: Array.from({ length: 33 }, (_, i) => `F${i}`) }), expect: 'schema' },
  { name: 'ts-as-iso-string', description: 'ts is epoch milliseconds, not an ISO 8601 string.', payload: withFields('status', { ts: new Date(NOW).toISOString() }), expect: 'schema' },
  { name: 'ts-infinity-string', description: 'ts as the string "Infinity".', payload: withFields('status', { ts: 'Infinity' }), expect: 'schema' },
  { name: 'ts-far-future', description: 'ts one day ahead of the centre clock.', payload: withFields('status', { ts: NOW + DAY_MS }), expect: 'future-timestamp' },
  { name: 'bad-utf8-overlong', description: 'Overlong UTF-8 encoding (0xC0 0xAF) is invalid UTF-8.', payload: withBadUtf8('status', [0xc0, 0xaf]), expect: 'bad-encoding' },
  { name: 'single-quotes', description: 'JSON strings use double quotes.', payload: json(fixture('status')).replace(/"/g, "'"), expect: 'bad-json' },
  { name: 'topic-wildcard-id', description: 'MQTT wildcards are not ids.', payload: json(fixture('status')), topic: topicWithId('status', '#'), expect: 'bad-topic' },
  { name: 'topic-empty-id', description: 'Empty id level.', payload: json(fixture('status')), topic: topicWithId('status', ''), expect: 'bad-topic' },
];

const plan = (): CaseSpec[] => [
  { name: 'typical', description: '90 s cycle, four phases, valid for 15 minutes.', payload: json(fixture('plan')), expect: 'ok' },
  {
    name: 'dual-ring',
    description: 'Eight phases in two rings: each green < cycleS though the greens of both rings together exceed it.',
    payload: withFields('plan', {
      cycleS: 100,
      splits: [1, 2, 3, 4, 5, 6, 7, 8].map((phase) => ({ phase, greenS: phase % 2 === 0 ? 30 : 12 })),
    }),
    expect: 'ok',
  },
  { name: 'fractional-offset', description: 'offsetS may be fractional; greens too.', payload: withFields('plan', { offsetS: 0.5, splits: [{ phase: 2, greenS: 40.5 }, { phase: 4, greenS: 30 }] }), expect: 'ok' },
  { name: 'offset-equals-cycle', description: 'offsetS must be < cycleS.', payload: withFields('plan', { offsetS: 90 }), expect: 'semantic' },
  { name: 'offset-above-cycle', description: 'offsetS 100 in a 90 s cycle.', payload: withFields('plan', { offsetS: 100 }), expect: 'semantic' },
  { name: 'expires-before-issued', description: 'expiresAt must be after issuedAt.', payload: withFields('plan', { expiresAt: NOW - 1000 }), expect: 'semantic' },
  { name: 'expires-at-issue', description: 'expiresAt equal to issuedAt: the plan would never be valid.', payload: withFields('plan', { expiresAt: NOW }), expect: 'semantic' },
  { name: 'duplicate-split-phase', description: 'Each phase appears once in splits.', payload: withFields('plan', { splits: [{ phase: 2, greenS: 30 }, { phase: 2, greenS: 20 }] }), expect: 'semantic' },
  { name: 'green-not-below-cycle', description: 'A green as long as the cycle leaves no time for yellow and all-red.', payload: withFields('plan', { splits: [{ phase: 2, greenS: 90 }, { phase: 4, greenS: 20 }] }), expect: 'semantic' },
  { name: 'cycle-below-20', description: 'cycleS is 20-600.', payload: withFields('plan', { cycleS: 19, offsetS: 0, splits: [{ phase: 2, greenS: 10 }] }), expect: 'schema' },
  { name: 'cycle-fractional', description: 'cycleS is a whole number of seconds.', payload: withFields('plan', { cycleS: 90.5 }), expect: 'schema' },
  { name: 'empty-splits', description: 'At least one split.', payload: withFields('plan', { splits: [] }), expect: 'schema' },
  { name: 'split-phase-33', description: 'Phase numbers are 1-32.', payload: withFields('plan', { splits: [{ phase: 33, greenS: 30 }] }), expect: 'schema' },
  { name: 'green-negative', description: 'greenS cannot be negative.', payload: withFields('plan', { splits: [{ phase: 2, greenS: -5 }] }), expect: 'schema' },
  { name: 'green-nan-string', description: 'greenS as the string "NaN".', payload: withFields('plan', { splits: [{ phase: 2, greenS: 'NaN' }] }), expect: 'schema' },
  { name: 'missing-reason', description: 'reason is required for the audit trail.', payload: without('plan', 'reason'), expect: 'schema' },
  { name: 'empty-reason', description: 'reason has at least one character.', payload: withFields('plan', { reason: '' }), expect: 'schema' },
  { name: 'plan-id-too-long', description: 'planId is at most 64 characters.', payload: withFields('plan', { planId: 'p'.repeat(65) }), expect: 'schema' },
  { name: 'issued-far-future', description: 'issuedAt one day ahead of the receiver clock.', payload: withFields('plan', { issuedAt: NOW + DAY_MS, expiresAt: NOW + DAY_MS + 15 * 60 * 1000 }), expect: 'future-timestamp' },
  { name: 'topic-under-detectors', description: 'Plans go to controllers/, not detectors/.', payload: json(fixture('plan')), topic: `${TOPIC_ROOT}/detectors/${FIXTURE_DEVICE_IDS.plan}/plan`, expect: 'bad-topic' },
  ...actuatedPlan(),
  ...fencedPlan(),
];

/** v1.2: the owner's lease epoch (fencing token) on a plan. */
const fencedPlan = (): CaseSpec[] => [
  { name: 'lease-epoch', description: 'v1.2: a plan from a clustered centre carries its lease epoch.', payload: withFields('plan', { leaseEpoch: 4711 }), expect: 'ok' },
  { name: 'lease-epoch-zero', description: 'v1.2: epoch 0 is valid.', payload: withFields('plan', { leaseEpoch: 0 }), expect: 'ok' },
  { name: 'lease-epoch-negative', description: 'v1.2: leaseEpoch is a non-negative integer.', payload: withFields('plan', { leaseEpoch: -1 }), expect: 'schema' },
  { name: 'lease-epoch-fractional', description: 'v1.2: leaseEpoch is an integer.', payload: withFields('plan', { leaseEpoch: 1.5 }), expect: 'schema' },
  { name: 'lease-epoch-string', description: 'v1.2: leaseEpoch is a number, not "7".', payload: withFields('plan', { leaseEpoch: '7' }), expect: 'schema' },
];

/** v1.1: actuation windows and the coordinated phase on the 90 s fixture plan (greens 32/22/32/22). */
const ACTUATION = { minGreenS: 10, maxGreenS: 40, passageS: 3 };
const withActuation = (actuation: JsonObject, fields: JsonObject = {}): string => {
  const splits = (fixture('plan').splits as JsonObject[]).map((split) => ({ ...split, actuation: { ...ACTUATION } }));
  splits[1]!.actuation = { ...ACTUATION, ...actuation };
  return withFields('plan', { splits, ...fields });
};
const actuatedPlan = (): CaseSpec[] => [
  { name: 'actuated-coordinated', description: 'v1.1: every phase actuated, phase 2 coordinated (keeps its yield point, gets early return).', payload: withActuation({}, { coordinatedPhase: 2 }), expect: 'ok' },
  { name: 'actuated-free', description: 'v1.1: actuated without a coordinated phase: the cycle floats.', payload: withActuation({}), expect: 'ok' },
  { name: 'actuation-window-equals-green', description: 'v1.1: minGreenS = greenS = maxGreenS (fixed green written as actuation) and the longest passage, 10 s.', payload: withActuation({ minGreenS: 22, maxGreenS: 22, passageS: 10 }), expect: 'ok' },
  { name: 'actuation-min-above-max', description: 'v1.1: actuation minGreenS must be ≤ maxGreenS.', payload: withActuation({ minGreenS: 30, maxGreenS: 20 }), expect: 'semantic' },
  { name: 'actuation-green-below-window', description: 'v1.1: greenS 22 below actuation minGreenS 25.', payload: withActuation({ minGreenS: 25 }), expect: 'semantic' },
  { name: 'actuation-green-above-window', description: 'v1.1: greenS 22 above actuation maxGreenS 20.', payload: withActuation({ maxGreenS: 20 }), expect: 'semantic' },
  { name: 'actuation-passage-zero', description: 'v1.1: passageS must be > 0.', payload: withActuation({ passageS: 0 }), expect: 'schema' },
  { name: 'actuation-passage-above-10', description: 'v1.1: passageS is at most 10 s.', payload: withActuation({ passageS: 10.5 }), expect: 'schema' },
  { name: 'actuation-missing-passage', description: 'v1.1: an actuation has minGreenS, maxGreenS and passageS.', payload: withActuation({ passageS: undefined }), expect: 'schema' },
  { name: 'coordinated-phase-without-split', description: 'v1.1: coordinatedPhase 5 has no split.', payload: withFields('plan', { coordinatedPhase: 5 }), expect: 'semantic' },
  { name: 'coordinated-phase-zero', description: 'v1.1: coordinatedPhase is a phase number, 1-32.', payload: withFields('plan', { coordinatedPhase: 0 }), expect: 'schema' },
  { name: 'skip-without-call', description: 'v1.3: phase 4 may be skipped in a cycle where no vehicle calls it.', payload: withActuation({ skipWithoutCall: true }), expect: 'ok' },
  { name: 'skip-without-call-false', description: 'v1.3: skipWithoutCall false is the 1.1 behaviour, written out.', payload: withActuation({ skipWithoutCall: false }), expect: 'ok' },
  { name: 'skip-coordinated-phase', description: 'v1.3: the coordinated phase keeps its yield point, so it may not be skipped.', payload: withActuation({ skipWithoutCall: true }, { coordinatedPhase: 4 }), expect: 'semantic' },
  { name: 'skip-without-call-string', description: 'v1.3: skipWithoutCall is a boolean, not "yes".', payload: withActuation({ skipWithoutCall: 'yes' }), expect: 'schema' },
];

const command = (): CaseSpec[] => [
  { name: 'hold-phase', description: 'Hold phase 2 green for two minutes.', payload: json(fixture('command')), expect: 'ok' },
  { name: 'flash', description: 'Flash for 30 minutes, the longest validity.', payload: withFields('command', { action: 'flash', phase: undefined, expiresAt: NOW + MAX_COMMAND_VALIDITY_S * 1000 }), expect: 'ok' },
  { name: 'resume', description: 'End a hold or flash now.', payload: withFields('command', { action: 'resume', phase: undefined, expiresAt: NOW + 60_000 }), expect: 'ok' },
  { name: 'hold-at-limit', description: `A hold of exactly ${MAX_HOLD_S} s.`, payload: withFields('command', { expiresAt: NOW + MAX_HOLD_S * 1000 }), expect: 'ok' },
  { name: 'unknown-fields-ignored', description: 'Fields v1 does not know are ignored.', payload: withFields('command', { operator: 'alice' }), expect: 'ok' },
  { name: 'hold-without-phase', description: 'hold-phase needs a phase.', payload: without('command', 'phase'), expect: 'semantic' },
  { name: 'flash-with-phase', description: 'flash takes no phase.', payload: withFields('command', { action: 'flash' }), expect: 'semantic' },
  { name: 'resume-with-phase', description: 'resume takes no phase.', payload: withFields('command', { action: 'resume' }), expect: 'semantic' },
  { name: 'expires-at-issue', description: 'expiresAt must be after issuedAt.', payload: withFields('command', { expiresAt: NOW }), expect: 'semantic' },
  { name: 'expires-before-issued', description: 'expiresAt before issuedAt.', payload: withFields('command', { expiresAt: NOW - 1000 }), expect: 'semantic' },
  { name: 'hold-too-long', description: `A hold lasts at most ${MAX_HOLD_S} s.`, payload: withFields('command', { expiresAt: NOW + MAX_HOLD_S * 1000 + 1 }), expect: 'semantic' },
  {
    name: 'validity-too-long',
    description: `A command is valid at most ${MAX_COMMAND_VALIDITY_S} s.`,
    payload: withFields('command', { action: 'flash', phase: undefined, expiresAt: NOW + MAX_COMMAND_VALIDITY_S * 1000 + 1 }),
    expect: 'semantic',
  },
  { name: 'action-unknown', description: "'all-red' is not a v1 command.", payload: withFields('command', { action: 'all-red' }), expect: 'schema' },
  { name: 'missing-action', description: 'action is required.', payload: without('command', 'action'), expect: 'schema' },
  { name: 'missing-command-id', description: 'commandId is the correlation id; required.', payload: without('command', 'commandId'), expect: 'schema' },
  { name: 'missing-reason', description: 'reason is required for the audit trail.', payload: without('command', 'reason'), expect: 'schema' },
  { name: 'empty-reason', description: 'reason has at least one character.', payload: withFields('command', { reason: '' }), expect: 'schema' },
  { name: 'phase-33', description: 'Phase numbers are 1-32.', payload: withFields('command', { phase: 33 }), expect: 'schema' },
  { name: 'phase-as-string', description: 'phase is a number, not "2".', payload: withFields('command', { phase: '2' }), expect: 'schema' },
  { name: 'expires-in-seconds', description: 'expiresAt in seconds instead of milliseconds falls below the valid range.', payload: withFields('command', { expiresAt: Math.floor(NOW / 1000) }), expect: 'schema' },
  { name: 'issued-far-future', description: 'issuedAt one day ahead of the receiver clock.', payload: withFields('command', { issuedAt: NOW + DAY_MS, expiresAt: NOW + DAY_MS + 60_000 }), expect: 'future-timestamp' },
  { name: 'nan-token', description: 'A bare NaN token is not JSON.', payload: withRawToken('command', 'phase', 'NaN'), expect: 'bad-json' },
  { name: 'topic-commands', description: "The suffix is 'command'.", payload: json(fixture('command')), topic: `${TOPIC_ROOT}/controllers/${FIXTURE_DEVICE_IDS.command}/commands`, expect: 'bad-topic' },
];

const commandAck = (): CaseSpec[] => [
  { name: 'accepted', description: 'Command accepted, with decision time.', payload: json(fixture('command-ack')), expect: 'ok' },
  { name: 'rejected-expired', description: 'Rejected because it arrived after expiresAt.', payload: withFields('command-ack', { accepted: false, reason: 'expired' }), expect: 'ok' },
  { name: 'rejected-unsupported', description: 'What a controller without commands answers.', payload: withFields('command-ack', { accepted: false, reason: 'unsupported' }), expect: 'ok' },
  { name: 'accepted-without-ts', description: 'ts is optional.', payload: without('command-ack', 'ts'), expect: 'ok' },
  { name: 'rejected-without-reason', description: 'reason is required when accepted is false.', payload: withFields('command-ack', { accepted: false }), expect: 'semantic' },
  { name: 'rejected-empty-reason', description: 'An empty reason is no reason.', payload: withFields('command-ack', { accepted: false, reason: '' }), expect: 'schema' },
  { name: 'reason-too-long', description: 'reason is at most 256 characters.', payload: withFields('command-ack', { accepted: false, reason: 'r'.repeat(257) }), expect: 'schema' },
  { name: 'accepted-as-string', description: 'accepted is a boolean, not "true".', payload: withFields('command-ack', { accepted: 'true' }), expect: 'schema' },
  { name: 'accepted-as-number', description: 'accepted is a boolean, not 1.', payload: withFields('command-ack', { accepted: 1 }), expect: 'schema' },
  { name: 'missing-command-id', description: 'commandId is required.', payload: without('command-ack', 'commandId'), expect: 'schema' },
  { name: 'missing-accepted', description: 'accepted is required.', payload: without('command-ack', 'accepted'), expect: 'schema' },
  { name: 'command-id-with-space', description: 'commandId follows the id grammar.', payload: withFields('command-ack', { commandId: 'cmd 42' }), expect: 'schema' },
  { name: 'command-id-too-long', description: 'commandId is at most 64 characters.', payload: withFields('command-ack', { commandId: 'c'.repeat(65) }), expect: 'schema' },
  { name: 'ts-nan-string', description: 'ts as the string "NaN".', payload: withFields('command-ack', { ts: 'NaN' }), expect: 'schema' },
  { name: 'array-payload', description: 'An array is not an acknowledgement.', payload: json([fixture('command-ack')]), expect: 'schema' },
  { name: 'ts-far-future', description: 'ts one day ahead of the centre clock.', payload: withFields('command-ack', { ts: NOW + DAY_MS }), expect: 'future-timestamp' },
  { name: 'bad-utf8', description: 'A lone continuation byte (0x80) is invalid UTF-8.', payload: withBadUtf8('command-ack', [0x80]), expect: 'bad-encoding' },
  { name: 'truncated-json', description: 'Payload cut off mid-object.', payload: json(fixture('command-ack')).slice(0, 20), expect: 'bad-json' },
  { name: 'topic-command-acks', description: "Command acks go to 'command/ack', not 'command/acks'.", payload: json(fixture('command-ack')), topic: `${TOPIC_ROOT}/controllers/${FIXTURE_DEVICE_IDS['command-ack']}/command/acks`, expect: 'bad-topic' },
];

const planAck = (): CaseSpec[] => [
  { name: 'accepted', description: 'Plan accepted, with decision time.', payload: json(fixture('plan-ack')), expect: 'ok' },
  { name: 'rejected-with-reason', description: 'Plan rejected, reason given.', payload: withFields('plan-ack', { accepted: false, reason: 'greenS below minimum green for phase 4' }), expect: 'ok' },
  { name: 'accepted-without-ts', description: 'ts is optional.', payload: without('plan-ack', 'ts'), expect: 'ok' },
  { name: 'rejected-stale-epoch', description: 'v1.2: a plan from a deposed owner (lower leaseEpoch) is rejected as stale-epoch.', payload: withFields('plan-ack', { accepted: false, reason: 'stale-epoch' }), expect: 'ok' },
  { name: 'accepted-with-reason', description: 'A reason on an accepted plan is allowed (informational).', payload: withFields('plan-ack', { reason: 'applies at next cycle boundary' }), expect: 'ok' },
  { name: 'rejected-without-reason', description: 'reason is required when accepted is false.', payload: withFields('plan-ack', { accepted: false }), expect: 'semantic' },
  { name: 'rejected-empty-reason', description: 'An empty reason is no reason.', payload: withFields('plan-ack', { accepted: false, reason: '' }), expect: 'schema' },
  { name: 'accepted-as-string', description: 'accepted is a boolean, not "yes".', payload: withFields('plan-ack', { accepted: 'yes' }), expect: 'schema' },
  { name: 'accepted-as-number', description: 'accepted is a boolean, not 1.', payload: withFields('plan-ack', { accepted: 1 }), expect: 'schema' },
  { name: 'missing-plan-id', description: 'planId is the correlation id; required.', payload: without('plan-ack', 'planId'), expect: 'schema' },
  { name: 'missing-accepted', description: 'accepted is required.', payload: without('plan-ack', 'accepted'), expect: 'schema' },
  { name: 'plan-id-with-space', description: 'planId follows the id grammar.', payload: withFields('plan-ack', { planId: 'plan 0816' }), expect: 'schema' },
  {
    name: 'plan-id-trailing-newline',
    description: 'planId with a trailing newline. JSON Schema patterns are ECMA-262: $ does not match before a final newline (unlike Python re and PCRE).',
    payload: withFields('plan-ack', { planId: 'plan-0816\n' }),
    expect: 'schema',
  },
  { name: 'ts-nan-string', description: 'ts as the string "NaN".', payload: withFields('plan-ack', { ts: 'NaN' }), expect: 'schema' },
  { name: 'ts-far-future', description: 'ts one day ahead of the centre clock.', payload: withFields('plan-ack', { ts: NOW + DAY_MS }), expect: 'future-timestamp' },
  { name: 'bad-utf8-surrogate', description: 'UTF-8-encoded surrogate (0xED 0xA0 0x80) is invalid UTF-8.', payload: withBadUtf8('plan-ack', [0xed, 0xa0, 0x80]), expect: 'bad-encoding' },
  { name: 'truncated-json', description: 'Payload cut off mid-object.', payload: json(fixture('plan-ack')).slice(0, 20), expect: 'bad-json' },
  { name: 'topic-plan-acks', description: "The suffix is 'plan/ack'.", payload: json(fixture('plan-ack')), topic: `${TOPIC_ROOT}/controllers/${FIXTURE_DEVICE_IDS['plan-ack']}/plan/acks`, expect: 'bad-topic' },
  { name: 'topic-extra-level', description: 'No levels after plan/ack.', payload: json(fixture('plan-ack')), topic: `${TOPIC_ROOT}/controllers/${FIXTURE_DEVICE_IDS['plan-ack']}/plan/ack/extra`, expect: 'bad-topic' },
];



/** Every v1 vector, in a stable order. */
export function v1VectorCases(): VectorCase[] {
  // Built on demand: the payloads are large (oversize cases) and need Buffer.
  const specs: Record<MessageKind, CaseSpec[]> = {
    measurement: measurement(),
    state: state(),
    status: status(),
    plan: plan(),
    'plan-ack': planAck(),
    command: command(),
    'command-ack': commandAck(),
  };
  return MESSAGE_KINDS.flatMap((kind) =>
    [...specs[kind], ...commonInvalid(kind)].map(
      (spec): VectorCase => ({
        kind,
        validity: spec.expect === 'ok' ? 'valid' : 'invalid',
        name: spec.name,
        description: spec.description,
        topic: spec.topic ?? topicWithId(kind, FIXTURE_DEVICE_IDS[kind]),
        payload: spec.payload,
        nowMs: NOW,
        expect: spec.expect === 'ok' ? { ok: true } : { ok: false, reason: spec.expect },
      }),
    ),
  );
}
