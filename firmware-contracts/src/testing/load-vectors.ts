/**
 * Reads the firmware test vectors from disk, for specs and for the integration suites that publish them
 * to a real broker. Node only (fs); namespace imports keep a browser bundle that merely re-exports this
 * module from failing at build time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { MESSAGE_KINDS, type MessageKind } from '../mqtt/v1/topics';
import { decodeMessage, type DecodeResult } from '../mqtt/v1/validators';
import { VectorFile, type VectorExpectation } from './vector-file.schema';

export const VECTOR_VALIDITIES = ['valid', 'invalid'] as const;
export type VectorValidity = (typeof VECTOR_VALIDITIES)[number];

/** One vector, ready to publish: the payload is the exact bytes, whichever way the file spelled them. */
export interface ContractVector {
  /** Path relative to the vectors folder, with forward slashes, e.g. `invalid/plan/offset-equals-cycle.json`. */
  file: string;
  kind: MessageKind;
  validity: VectorValidity;
  description: string;
  topic: string;
  payload: Uint8Array;
  nowMs: number;
  expect: VectorExpectation;
}

/** A vector file that does not follow the vector format; names the file so it can be fixed. */
export class VectorFormatError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = VectorFormatError.name;
  }
}

const vectorFileCheck = TypeCompiler.Compile(VectorFile);

/** The vectors shipped with this package (`firmware-contracts/vectors`), from both `src` and `dist`. */
export function defaultVectorsDir(): string {
  return path.resolve(__dirname, '..', '..', 'vectors');
}

/** Validates and converts the text of one vector file. */
export function parseVectorFile(text: string, file: string, kind: MessageKind, validity: VectorValidity): ContractVector {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new VectorFormatError(file, `not JSON: ${(err as Error).message}`);
  }
  if (!vectorFileCheck.Check(value)) {
    const first = vectorFileCheck.Errors(value).First();
    throw new VectorFormatError(file, `not a vector: ${first ? `${first.path || '/'}: ${first.message}` : 'unknown error'}`);
  }
  if ((value.payload === undefined) === (value.payloadBase64 === undefined)) {
    throw new VectorFormatError(file, 'needs exactly one of payload and payloadBase64');
  }
  if (value.expect.ok !== (validity === 'valid')) {
    throw new VectorFormatError(file, `expect.ok is ${value.expect.ok} but the file is under ${validity}/`);
  }
  const payload = value.payload !== undefined ? Buffer.from(value.payload, 'utf8') : Buffer.from(value.payloadBase64 ?? '', 'base64');
  return { file, kind, validity, description: value.description, topic: value.topic, payload, nowMs: value.nowMs, expect: value.expect };
}

function isMessageKind(name: string): name is MessageKind {
  return (MESSAGE_KINDS as readonly string[]).includes(name);
}

/** Loads every `<validity>/<kind>/*.json` under `dir`, in a stable order. Throws VectorFormatError on a malformed file or folder. */
export function loadVectors(dir: string = defaultVectorsDir()): ContractVector[] {
  const vectors: ContractVector[] = [];
  for (const validity of VECTOR_VALIDITIES) {
    const validityDir = path.join(dir, validity);
    if (!fs.existsSync(validityDir)) continue;
    for (const kind of fs.readdirSync(validityDir).sort()) {
      if (!isMessageKind(kind)) throw new VectorFormatError(`${validity}/${kind}`, `unknown message kind; expected one of ${MESSAGE_KINDS.join(', ')}`);
      for (const name of fs.readdirSync(path.join(validityDir, kind)).sort()) {
        if (!name.endsWith('.json')) continue;
        const file = `${validity}/${kind}/${name}`;
        vectors.push(parseVectorFile(fs.readFileSync(path.join(validityDir, kind, name), 'utf8'), file, kind, validity));
      }
    }
  }
  return vectors;
}

export interface VectorOutcome {
  passed: boolean;
  actual: DecodeResult;
}

/** Runs one vector through the reference decoder and compares the verdict (ok, and the reason code when rejected). */
export function runVector(vector: ContractVector): VectorOutcome {
  const actual = decodeMessage(vector.topic, vector.payload, { nowMs: vector.nowMs });
  const passed = vector.expect.ok ? actual.ok : !actual.ok && actual.reason === vector.expect.reason;
  return { passed, actual };
}
