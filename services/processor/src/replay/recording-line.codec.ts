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

/**
 * A recorded message with its payload parsed once, from the line (replay's path). `value` is what `JSON.parse` of
 * the payload text (`JSON.stringify(value)`) gives, so ingest can validate it without parsing the text again.
 */
export interface ParsedRecordedMessage {
  topic: string;
  receivedAt: number;
  value: unknown;
  /** Not fewer UTF-8 bytes than the payload text has: ingest's size limit is checked on the text only above this. */
  payloadBytesAtMost: number;
}

export type LineResult = { ok: true; message: RecordedMessage } | { ok: false; error: string };
export type ParsedLineResult = { ok: true; message: ParsedRecordedMessage } | { ok: false; error: string };

/**
 * `JSON.stringify` of a parsed value writes at most this many UTF-8 bytes per UTF-16 unit of the JSON text it was
 * parsed from: a string's character takes at most 3 bytes (an escape at least 2 units for at most 6 bytes), a number
 * grows at most from `1e20` (4 units) to its 21 digits, and whitespace is dropped. The payload is part of the line.
 */
export const PAYLOAD_BYTES_PER_LINE_UNIT = 6;

const recordingLine = TypeCompiler.Compile(RecordingLine);
const simulatedLine = TypeCompiler.Compile(SimulatedMeasurementLine);

/** Measurement topics of simulator lines by detector id: a simulated day repeats a few hundred ids millions of times. */
const simulatorTopics = new Map<string, string>();
const MAX_CACHED_TOPICS = 10_000;

export function decodeRecordingLine(text: string): LineResult {
  const parsed = parseRecordingLine(text);
  if (!parsed.ok) return parsed;
  const { topic, receivedAt, value } = parsed.message;
  return { ok: true, message: { topic, receivedAt, payload: JSON.stringify(value) } };
}

/** As `decodeRecordingLine`, but the payload stays parsed: each line is parsed once. */
export function parseRecordingLine(text: string): ParsedLineResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not JSON: ${(error as Error).message}` };
  }
  const payloadBytesAtMost = text.length * PAYLOAD_BYTES_PER_LINE_UNIT;
  if (recordingLine.Check(value)) {
    return { ok: true, message: { topic: value.topic, receivedAt: value.receivedAt, value: asPublished(value.payload, text), payloadBytesAtMost } };
  }
  if (typeof value === 'object' && value !== null && !('topic' in value) && simulatedLine.Check(value)) {
    const { detectorId, ...payload } = value;
    const topic = simulatorTopic(detectorId);
    if (topic === undefined) return { ok: false, error: `detectorId ${JSON.stringify(detectorId.slice(0, 80))} is not a valid id` };
    return { ok: true, message: { topic, receivedAt: value.ts, value: asPublished(payload, text), payloadBytesAtMost } };
  }
  const first = recordingLine.Errors(value).First();
  return { ok: false, error: `neither a recording line nor a simulator line${first ? `: ${first.path || '/'} ${first.message}` : ''}` };
}

/** A number in the line that may be -0 (`-0`, `-0.0`, `-0e3`; also `-0.5`, and ids or text like `":-0"`: harmless). */
const NEGATIVE_ZERO_CANDIDATE = /[:,[]\s*-0/;

/**
 * The value as the payload text would parse: the same but for -0, which the text carries as 0. A line that may hold
 * -0 is written and parsed again.
 */
function asPublished(value: unknown, line: string): unknown {
  return line.includes('-0') && NEGATIVE_ZERO_CANDIDATE.test(line) ? (JSON.parse(JSON.stringify(value)) as unknown) : value;
}

function simulatorTopic(detectorId: string): string | undefined {
  let topic = simulatorTopics.get(detectorId);
  if (topic !== undefined) return topic;
  if (!isValidId(detectorId)) return undefined;
  topic = buildTopic('measurement', detectorId);
  if (simulatorTopics.size >= MAX_CACHED_TOPICS) simulatorTopics.clear();
  simulatorTopics.set(detectorId, topic);
  return topic;
}

/** The recording line of a message (payload as decoded JSON), without its newline. */
export function encodeRecordingLine(line: RecordingLine): string {
  return JSON.stringify({ topic: line.topic, receivedAt: line.receivedAt, payload: line.payload });
}
