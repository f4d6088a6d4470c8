/** Compiled validators for v1 payloads plus the cross-field rules JSON Schema cannot express. */
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { TSchema } from '@sinclair/typebox';
import {
  CommandAck,
  ControllerCommand,
  ControllerState,
  ControllerStatus,
  DetectorMeasurement,
  MAX_CLOCK_SKEW_MS,
  MAX_COMMAND_VALIDITY_S,
  MAX_HOLD_S,
  MAX_PAYLOAD_BYTES,
  PlanAck,
  SignalPlan,
} from './schemas';
import { MESSAGE_KINDS, parseTopic, type MessageKind, type ParsedTopic, type V1Messages } from './topics';

export const SCHEMAS: Record<MessageKind, TSchema> = {
  measurement: DetectorMeasurement,
  state: ControllerState,
  status: ControllerStatus,
  plan: SignalPlan,
  'plan-ack': PlanAck,
  command: ControllerCommand,
  'command-ack': CommandAck,
};

const CHECKS = Object.fromEntries(MESSAGE_KINDS.map((kind) => [kind, TypeCompiler.Compile(SCHEMAS[kind])])) as {
  [K in MessageKind]: TypeCheck<TSchema>;
};

/** Why a message was rejected; stable codes for counters, dead letters and firmware test vectors. */
export type RejectReason = 'bad-topic' | 'oversize' | 'bad-encoding' | 'bad-json' | 'schema' | 'semantic' | 'future-timestamp';
export const REJECT_REASONS: readonly RejectReason[] = ['bad-topic', 'oversize', 'bad-encoding', 'bad-json', 'schema', 'semantic', 'future-timestamp'];

export type DecodedMessage = { [K in MessageKind]: { kind: K; deviceId: string; payload: V1Messages[K] } }[MessageKind];
export type DecodeResult = ({ ok: true } & DecodedMessage) | { ok: false; reason: RejectReason; detail: string; topic?: ParsedTopic };

export interface DecodeOptions {
  /** The centre's clock, for the future-timestamp rule. */
  nowMs: number;
  maxClockSkewMs?: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 size of a string without encoding it; portable (no Buffer), so browser tools can decode too. */
function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4; // surrogate pair: one astral code point
      i++;
    } else bytes += 3; // includes lone surrogates, which encode as U+FFFD
  }
  return bytes;
}

/** Semantic (cross-field) rules, run after the schema passed. Returns a message or undefined. */
function semanticError(kind: MessageKind, payload: unknown): string | undefined {
  switch (kind) {
    case 'measurement':
      return undefined;
    case 'state': {
      const p = payload as ControllerState;
      // Flash, off and manual run without a cycle; a coordinated mode without one would make cycleSecond meaningless.
      if (p.cycleS === 0 && (p.mode === 'fixed' || p.mode === 'adaptive')) return `cycleS must be > 0 in ${p.mode} mode`;
      if (p.cycleS > 0 && p.cycleSecond >= p.cycleS) return `cycleSecond ${p.cycleSecond} must be < cycleS ${p.cycleS}`;
      const ids = new Set(p.phases.map((ph) => ph.id));
      if (ids.size !== p.phases.length) return 'phases must list each phase id once';
      return undefined;
    }
    case 'status':
      return undefined;
    case 'plan': {
      const p = payload as SignalPlan;
      if (p.expiresAt <= p.issuedAt) return 'expiresAt must be after issuedAt';
      if (p.offsetS >= p.cycleS) return `offsetS ${p.offsetS} must be < cycleS ${p.cycleS}`;
      const ids = new Set(p.splits.map((s) => s.phase));
      if (ids.size !== p.splits.length) return 'splits must list each phase once';
      // Only per phase: in dual-ring timing the greens of both rings overlap, so their sum may exceed the cycle.
      const tooLong = p.splits.find((s) => s.greenS >= p.cycleS);
      if (tooLong) return `greenS ${tooLong.greenS} of phase ${tooLong.phase} must be < cycleS ${p.cycleS}`;
      return actuationError(p);
    }
    case 'plan-ack': {
      const p = payload as PlanAck;
      if (!p.accepted && !p.reason) return 'reason is required when accepted is false';
      return undefined;
    }
    case 'command':
      return commandError(payload as ControllerCommand);
    case 'command-ack': {
      const p = payload as CommandAck;
      if (!p.accepted && !p.reason) return 'reason is required when accepted is false';
      return undefined;
    }
  }
}

/** v1.1 actuation: each window must hold its split's green, and the coordinated phase must be one of the splits (v1.3: never skipped). */
function actuationError(p: SignalPlan): string | undefined {
  for (const s of p.splits) {
    const a = s.actuation;
    if (!a) continue;
    if (a.minGreenS > a.maxGreenS) return `actuation of phase ${s.phase}: minGreenS ${a.minGreenS} must be ≤ maxGreenS ${a.maxGreenS}`;
    if (s.greenS < a.minGreenS || s.greenS > a.maxGreenS) return `greenS ${s.greenS} of phase ${s.phase} must lie within its actuation [${a.minGreenS}, ${a.maxGreenS}]`;
  }
  if (p.coordinatedPhase !== undefined && !p.splits.some((s) => s.phase === p.coordinatedPhase)) return `coordinatedPhase ${p.coordinatedPhase} has no split`;
  if (p.splits.some((s) => s.phase === p.coordinatedPhase && s.actuation?.skipWithoutCall === true)) return `coordinatedPhase ${p.coordinatedPhase} may not be skipped (skipWithoutCall)`;
  return undefined;
}

function commandError(p: ControllerCommand): string | undefined {
  if (p.expiresAt <= p.issuedAt) return 'expiresAt must be after issuedAt';
  const validityMs = p.expiresAt - p.issuedAt;
  if (validityMs > MAX_COMMAND_VALIDITY_S * 1000) return `a command is valid at most ${MAX_COMMAND_VALIDITY_S} s; this one ${validityMs / 1000} s`;
  if (p.action === 'hold-phase') {
    if (p.phase === undefined) return 'hold-phase needs a phase';
    if (validityMs > MAX_HOLD_S * 1000) return `a hold lasts at most ${MAX_HOLD_S} s; this one ${validityMs / 1000} s`;
  } else if (p.phase !== undefined) return `${p.action} takes no phase`;
  return undefined;
}

function timestampOf(kind: MessageKind, payload: unknown): number | undefined {
  const p = payload as { ts?: number; issuedAt?: number };
  return kind === 'plan' || kind === 'command' ? p.issuedAt : p.ts;
}

/** Validates an already-parsed payload of a known kind (used for outgoing plans and by firmware tooling). */
export function validatePayload<K extends MessageKind>(
  kind: K,
  payload: unknown,
  options: DecodeOptions,
): { ok: true; payload: V1Messages[K] } | { ok: false; reason: RejectReason; detail: string } {
  const check = CHECKS[kind];
  if (!check.Check(payload)) {
    const errors = [...check.Errors(payload)].slice(0, 3).map((e) => `${e.path || '/'}: ${e.message}`);
    return { ok: false, reason: 'schema', detail: errors.join('; ') };
  }
  const semantic = semanticError(kind, payload);
  if (semantic) return { ok: false, reason: 'semantic', detail: semantic };
  const ts = timestampOf(kind, payload);
  const skew = options.maxClockSkewMs ?? MAX_CLOCK_SKEW_MS;
  if (ts !== undefined && ts > options.nowMs + skew) {
    return { ok: false, reason: 'future-timestamp', detail: `timestamp ${ts} is more than ${skew} ms ahead of the centre clock ${options.nowMs}` };
  }
  return { ok: true, payload: payload as V1Messages[K] };
}

/** Decodes one MQTT message: topic grammar, size, UTF-8, JSON, schema, cross-field rules, clock skew. Never throws. */
export function decodeMessage(topic: string, raw: Uint8Array | string, options: DecodeOptions): DecodeResult {
  const parsed = parseTopic(topic);
  if (!parsed) return { ok: false, reason: 'bad-topic', detail: `topic ${JSON.stringify(topic.slice(0, 200))} is not a v1 topic` };
  const size = typeof raw === 'string' ? utf8ByteLength(raw) : raw.byteLength;
  if (size > MAX_PAYLOAD_BYTES) return { ok: false, reason: 'oversize', detail: `payload is ${size} bytes; the limit is ${MAX_PAYLOAD_BYTES}`, topic: parsed };
  let text: string;
  try {
    text = typeof raw === 'string' ? raw : utf8.decode(raw);
  } catch {
    return { ok: false, reason: 'bad-encoding', detail: 'payload is not valid UTF-8', topic: parsed };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: 'bad-json', detail: `payload is not JSON: ${(err as Error).message}`, topic: parsed };
  }
  const result = validatePayload(parsed.kind, value, options);
  if (!result.ok) return { ...result, topic: parsed };
  return { ok: true, kind: parsed.kind, deviceId: parsed.deviceId, payload: result.payload } as DecodeResult;
}
