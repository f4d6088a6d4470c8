import * as fs from 'node:fs';
import * as path from 'node:path';
import { findStaleFiles, generatedFiles, packageRoot } from './generated-files';

const HOW_TO_FIX = 'Run `npx tsc -b firmware-contracts && npm run generate` from the repository root and commit the result.';

describe(generatedFiles.name, () => {
  const root = packageRoot();
  const files = generatedFiles();

  it('is deterministic', () => {
    expect(generatedFiles()).toEqual(files);
  });

  it.each([...files.keys()])('committed %s matches the generator', (relative) => {
    const target = path.join(root, relative);
    const committed = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    if (committed !== files.get(relative)) {
      throw new Error(`${relative} ${committed === undefined ? 'is missing' : 'differs from what the generator produces'}. ${HOW_TO_FIX}`);
    }
  });

  it('leaves no stale files in the generated folders', () => {
    const stale = findStaleFiles(root, files);
    if (stale.length > 0) throw new Error(`not produced by the generator any more: ${stale.join(', ')}. ${HOW_TO_FIX}`);
  });

  it('writes the five JSON Schemas with the JSON Schema dialect', () => {
    for (const kind of ['measurement', 'state', 'status', 'plan', 'plan-ack']) {
      const schema = JSON.parse(files.get(`schemas/v1/${kind}.schema.json`) ?? '{}') as Record<string, unknown>;
      expect(schema).toMatchObject({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' });
    }
  });
});
