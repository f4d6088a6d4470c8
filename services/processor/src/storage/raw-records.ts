/**
 * Raw device messages read back from storage as they were recorded (for `npm run export`): the stored points of
 * detector measurements, controller status and plan acknowledgements turned back into their records, the inverse of
 * line-protocol.ts' `toPoint` for these kinds. Signal states are not among them: storage keeps only the green phase
 * ids of a state, not its phases with their remaining times, so a state cannot be rebuilt as the controller sent it.
 */
import type { TimeSeriesRecord } from './time-series-store';
import { MEASUREMENTS } from './line-protocol';

/** A recorded device message: the kinds storage can give back whole. */
export type RawRecord = Extract<TimeSeriesRecord, { kind: 'measurement' | 'controller-status' | 'plan-ack' }>;

/** The measurements (InfluxDB names) raw records are read from. */
export const RAW_MEASUREMENTS = [MEASUREMENTS.detector, MEASUREMENTS.controllerStatus, MEASUREMENTS.planAck] as const;

/** When the centre received it, as far as storage knows: plan acks keep it; other kinds keep the device's `ts` only. */
export function rawReceivedAt(record: RawRecord): number {
  return record.kind === 'plan-ack' ? record.receivedAt : record.payload.ts;
}

/** Time order, then a fixed order of kinds and devices, so two reads of the same data give the same sequence. */
export function compareRaw(a: RawRecord, b: RawRecord): number {
  return rawReceivedAt(a) - rawReceivedAt(b) || a.kind.localeCompare(b.kind) || deviceOf(a).localeCompare(deviceOf(b));
}

function deviceOf(record: RawRecord): string {
  return record.kind === 'measurement' ? record.detectorId : record.intersectionId;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** Undoes normaliseText (newlines were stored as the two characters `\n`). */
const unescaped = (v: string): string => v.replace(/\\n/g, '\n').replace(/\\r/g, '\r');

/**
 * One stored row (time in epoch ms, tags and fields as plain values) of `measurement` back to its record; undefined
 * when the row lacks what the record needs (a point written by something else).
 */
export function rawRecordFromRow(measurement: string, row: Record<string, unknown>): RawRecord | undefined {
  const ts = num(row.time);
  if (ts === undefined) return undefined;
  switch (measurement) {
    case MEASUREMENTS.detector: {
      const detectorId = text(row.detectorId);
      const [volume, occupancyPct, intervalS, seq, health] = [num(row.volume), num(row.occupancyPct), num(row.intervalS), num(row.seq), text(row.health)];
      if (detectorId === undefined || volume === undefined || occupancyPct === undefined || intervalS === undefined || seq === undefined || health === undefined) return undefined;
      const speedKph = num(row.speedKph);
      const payload = { ts, seq, intervalS, volume, occupancyPct, ...(speedKph !== undefined ? { speedKph } : {}), health: health as 'ok' };
      return { kind: 'measurement', detectorId, payload };
    }
    case MEASUREMENTS.controllerStatus: {
      const intersectionId = text(row.intersectionId);
      const online = row.online;
      const firmware = text(row.firmware);
      const faults = text(row.faults);
      if (intersectionId === undefined || typeof online !== 'boolean' || firmware === undefined || faults === undefined) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(unescaped(faults));
      } catch {
        return undefined;
      }
      if (!Array.isArray(parsed)) return undefined;
      return { kind: 'controller-status', intersectionId, payload: { ts, online, firmware: unescaped(firmware), faults: parsed as string[] } };
    }
    case MEASUREMENTS.planAck: {
      const intersectionId = text(row.intersectionId);
      const planId = text(row.planId);
      const accepted = row.accepted;
      const receivedAt = num(row.receivedAt) ?? ts;
      if (intersectionId === undefined || planId === undefined || typeof accepted !== 'boolean') return undefined;
      const reason = text(row.reason);
      // Stored at the ack's ts, or at receivedAt when the ack had none.
      const payload = { planId: unescaped(planId), accepted, ...(reason !== undefined ? { reason: unescaped(reason) } : {}), ...(ts !== receivedAt ? { ts } : {}) };
      return { kind: 'plan-ack', intersectionId, payload, receivedAt };
    }
    default:
      return undefined;
  }
}
