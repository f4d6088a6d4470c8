#!/usr/bin/env node
/** Writes the demo network to firmware-contracts/networks/demo.geojson (or the path given as the only argument). */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { intersectionsOf, detectorsOf, linksOf, parseNetworkModel } from '@arterial/contracts/network';
import { demoNetwork } from './demo-network';
import { serializeNetwork } from './network-file';

export const DEMO_NETWORK_FILE = path.resolve(__dirname, '..', '..', '..', '..', 'firmware-contracts', 'networks', 'demo.geojson');

function main(): void {
  const target = path.resolve(process.argv[2] ?? DEMO_NETWORK_FILE);
  const model = parseNetworkModel(demoNetwork());
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, serializeNetwork(model));
  process.stdout.write(
    `wrote ${target}: ${intersectionsOf(model).length} intersections, ${linksOf(model).length} links, ${detectorsOf(model).length} detectors\n`,
  );
}

if (require.main === module) main();
