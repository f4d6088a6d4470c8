/** Detector adjacency as CSV `from,to,distance` (from upstream of to), with or without a header line. */
import * as fs from 'node:fs';
import type { AdjacencyEdge } from '../prediction/neighbours';
import { InputError } from './measurement-grid.reader';

export function readAdjacencyCsv(file: string): AdjacencyEdge[] {
  if (!fs.existsSync(file)) throw new InputError(`adjacency file not found: ${file}`);
  return parseAdjacencyCsv(fs.readFileSync(file, 'utf8'), file);
}

export function parseAdjacencyCsv(text: string, source = 'adjacency'): AdjacencyEdge[] {
  const edges: AdjacencyEdge[] = [];
  const lines = text.split(/\r?\n/);
  let first = true;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const cells = line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    const [from, to, distanceText] = cells;
    const distance = distanceText === undefined || distanceText === '' ? 1 : Number(distanceText);
    const header = first && !Number.isFinite(distance);
    first = false;
    if (header) return;
    if (!from || !to || !Number.isFinite(distance)) {
      throw new InputError(`${source} line ${i + 1}: expected from,to,distance, got ${JSON.stringify(raw.slice(0, 120))}`);
    }
    edges.push({ from, to, distance });
  });
  return edges;
}
