/**
 * Entry point of root `npm run generate` (`node firmware-contracts/dist/scripts/generate-asyncapi.js`).
 * Writes every generated file of this package: asyncapi.yaml, openapi.yaml, schemas/v1/*.schema.json and the test vectors,
 * and removes generated files that no longer have a source.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findStaleFiles, generatedFiles, packageRoot } from './generated-files';

export { buildAsyncApiDocument, renderAsyncApiYaml } from './asyncapi-document';
export { buildOpenApiDocument, renderOpenApiYaml } from './openapi-document';

/** Writes the generated files under `root` and deletes stale ones; returns the paths it touched, relative to root. */
export function writeGeneratedFiles(root: string = packageRoot()): { written: string[]; removed: string[] } {
  const files = generatedFiles();
  const written: string[] = [];
  for (const [relative, content] of files) {
    const target = path.join(root, relative);
    if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === content) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
    written.push(relative);
  }
  const removed = findStaleFiles(root, files);
  for (const relative of removed) fs.rmSync(path.join(root, relative));
  return { written, removed };
}

if (require.main === module) {
  const { written, removed } = writeGeneratedFiles();
  console.log(`firmware-contracts: ${written.length} file(s) written, ${removed.length} stale file(s) removed`);
  for (const file of written) console.log(`  wrote   ${file}`);
  for (const file of removed) console.log(`  removed ${file}`);
}
