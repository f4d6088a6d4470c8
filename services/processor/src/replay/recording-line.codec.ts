/**
 * One line of a recording file to a device message and back. Two input shapes: the recording format
 * (`RecordingLine` in @arterial/contracts/api/v1: topic, receivedAt, payload) and the traffic simulator's detector
 * lines (the measurement payload plus `detectorId`, received at its `ts`). Nothing here throws on bad input.
 */
import { RecordingLine, SimulatedMeasurementLine } from '@arterial/contracts/api/v1';
import { buildTopic, isValidId } from '@arterial/contracts/mqtt/v1';
import { TypeCompiler } from '@sinclair/typebox/compiler';

export interface RecordedMessage {
  topic: string;
  receivedAt: number;
  /** The payload as JSON text, as a device would publish it. */
  payload: string;
}

export type LineResult = { ok: true; message: RecordedMessage } | { ok: false; error: string };

const recordingLine = TypeCompiler.Compile(RecordingLine);
const simulatedLine = TypeCompiler.Compile(SimulatedMeasurementLine);

export function decodeRecordingLine(text: string): LineResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not JSON: ${(error as Error).message}` };
  }
  if (recordingLine.Check(value)) return { ok: true, message: { topic: value.topic, receivedAt: value.receivedAt, payload: JSON.stringify(value.payload) } };
  if (typeof value === 'object' && value !== null && !('topic' in value) && simulatedLine.Check(value)) {
    const { detectorId, ...payload } = value;
    if (!isValidId(detectorId)) return { ok: false, error: `detectorId ${JSON.stringify(detectorId.slice(0, 80))} is not a valid id` };
    return { ok: true, message: { topic: buildTopic('measurement', detectorId), receivedAt: value.ts, payload: JSON.stringify(payload) } };
  }
  const first = recordingLine.Errors(value).First();
  return { ok: false, error: `neither a recording line nor a simulator line${first ? `: ${first.path || '/'} ${first.message}` : ''}` };
}

/** The recording line of a message (payload as decoded JSON), without its newline. */
export function encodeRecordingLine(line: RecordingLine): string {
  return JSON.stringify({ topic: line.topic, receivedAt: line.receivedAt, payload: line.payload });
}
