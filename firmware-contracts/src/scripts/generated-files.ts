/**
 * Every file this package generates, as (path relative to the package root → exact content).
 * The writer and the drift spec share it, so "committed" and "generated" are compared byte for byte.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MESSAGE_KINDS } from '../mqtt/v1/topics';
import { VECTOR_VALIDITIES } from '../testing/load-vectors';
import { VectorFile } from '../testing/vector-file.schema';
import { v1VectorCases, type VectorCase } from '../testing/v1-vector-cases';
import { renderAsyncApiYaml } from './asyncapi-document';
import { JSON_SCHEMA_DIALECT, jsonSchemaDocument, plainSchema } from './json-schemas';
import { renderOpenApiYaml } from './openapi-document';

/** Folders whose files are all generated; anything else in them is stale. */
export const GENERATED_FOLDERS: readonly string[] = ['schemas/v1', ...VECTOR_VALIDITIES.map((validity) => `vectors/${validity}`)];

/** `firmware-contracts/`, from both `src/scripts` and `dist/scripts`. */
export function packageRoot(): string {
  return path.resolve(__dirname, '..', '..');
}

const jsonText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

function vectorFileText(vector: VectorCase): string {
  const bytes = typeof vector.payload === 'string' ? { payload: vector.payload } : { payloadBase64: Buffer.from(vector.payload).toString('base64') };
  const file: VectorFile = { description: vector.description, topic: vector.topic, ...bytes, nowMs: vector.nowMs, expect: vector.expect };
  return jsonText(file);
}

export function generatedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  files.set('asyncapi.yaml', renderAsyncApiYaml());
  files.set('openapi.yaml', renderOpenApiYaml());
  for (const kind of MESSAGE_KINDS) files.set(`schemas/v1/${kind}.schema.json`, jsonText(jsonSchemaDocument(kind)));
  files.set('vectors/vector.schema.json', jsonText({ $schema: JSON_SCHEMA_DIALECT, ...plainSchema(VectorFile) }));
  for (const vector of v1VectorCases()) {
    const relative = `vectors/${vector.validity}/${vector.kind}/${vector.name}.json`;
    if (files.has(relative)) throw new Error(`two vector cases are both named ${relative}`);
    files.set(relative, vectorFileText(vector));
  }
  return files;
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

/** Files under the generated folders that the generator no longer produces. */
export function findStaleFiles(root: string, files: ReadonlyMap<string, string>): string[] {
  return GENERATED_FOLDERS.flatMap((folder) => listFiles(path.join(root, folder)))
    .map((full) => path.relative(root, full).split(path.sep).join('/'))
    .filter((relative) => !files.has(relative))
    .sort();
}
