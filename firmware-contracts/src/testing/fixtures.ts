/**
 * Factories for valid v1 payloads, so specs, vectors and examples start from one known-good message
 * instead of copied JSON. Every call returns a fresh object that callers may mutate.
 */
import type { MessageKind, V1Messages } from '../mqtt/v1/topics';

/** A fixed centre clock (2026-01-15T08:00:00Z) so generated vectors and examples are reproducible. */
export const FIXTURE_NOW_MS = Date.UTC(2026, 0, 15, 8, 0, 0);

type PayloadFactory<K extends MessageKind> = (nowMs: number) => V1Messages[K];

const FACTORIES: { [K in MessageKind]: PayloadFactory<K> } = {
  measurement: (nowMs) => ({ ts: nowMs - 1000, seq: 4711, intervalS: 60, volume: 23, occupancyPct: 12.5, speedKph: 47.3, health: 'ok' }),
  state: (nowMs) => ({
    ts: nowMs - 200,
    seq: 90210,
    mode: 'adaptive',
    planId: 'plan-0815',
    cycleS: 90,
    cycleSecond: 37.5,
    phases: [
      { id: 2, state: 'green', remainingS: 12 },
      { id: 4, state: 'red', remainingS: 16 },
      { id: 6, state: 'green', remainingS: 12 },
      { id: 8, state: 'red', remainingS: 16 },
    ],
  }),
  status: (nowMs) => ({ online: true, firmware: 'acme-tsc 4.2.1', faults: [], ts: nowMs - 5000 }),
  plan: (nowMs) => ({
    planId: 'plan-0816',
    issuedAt: nowMs,
    expiresAt: nowMs + 15 * 60 * 1000,
    cycleS: 90,
    offsetS: 12,
    splits: [
      { phase: 2, greenS: 32 },
      { phase: 4, greenS: 22 },
      { phase: 6, greenS: 32 },
      { phase: 8, greenS: 22 },
    ],
    reason: 'adaptive: demand shift on the northbound approach',
  }),
  'plan-ack': (nowMs) => ({ planId: 'plan-0816', accepted: true, ts: nowMs - 100 }),
  command: (nowMs) => ({
    commandId: 'cmd-0042',
    issuedAt: nowMs,
    expiresAt: nowMs + 120 * 1000,
    action: 'hold-phase',
    phase: 2,
    reason: 'operator: ambulance on the northbound approach',
  }),
  'command-ack': (nowMs) => ({ commandId: 'cmd-0042', accepted: true, ts: nowMs - 100 }),
};

/** A valid payload of the given kind, timed relative to `nowMs`. */
export function validPayload<K extends MessageKind>(kind: K, nowMs: number = FIXTURE_NOW_MS): V1Messages[K] {
  return FACTORIES[kind](nowMs);
}

/** Device ids used with the fixtures: a detector for measurements, an intersection for everything else. */
export const FIXTURE_DEVICE_IDS: Record<MessageKind, string> = {
  measurement: 'det-N12-3',
  state: 'int_0042',
  status: 'int_0042',
  plan: 'int_0042',
  'plan-ack': 'int_0042',
  command: 'int_0042',
  'command-ack': 'int_0042',
};
