#!/usr/bin/env node
/**
 * `node simulators/traffic/dist/offline/varying-flows.cli.js --routes FILE [--period-s 300] [--seed 1]
 * [--start ISO] [--profile]`: rewrites a SUMO route file in place with varying-flows.ts, e.g. the grid scenario's before
 * `npm run sumo -- --sumocfg`. Prints the number of flows written.
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { varyingFlowsXml } from './varying-flows';

const { values } = parseArgs({
  options: { routes: { type: 'string' }, 'period-s': { type: 'string' }, seed: { type: 'string' }, start: { type: 'string' }, profile: { type: 'boolean' } },
  strict: true,
});
if (!values.routes) throw new Error('usage: varying-flows.cli.js --routes FILE [--period-s 300] [--seed 1] [--start ISO] [--profile]');
const xml = varyingFlowsXml(fs.readFileSync(values.routes, 'utf8'), {
  periodS: Number(values['period-s'] ?? 300),
  seed: Number(values.seed ?? 1),
  startMs: Date.parse(values.start ?? '2025-03-03T06:00:00+08:00'),
  utcOffsetHours: 8,
  profile: values.profile ?? false,
});
fs.writeFileSync(values.routes, xml);
process.stdout.write(`${(xml.match(/<flow\b/g) ?? []).length} flows\n`);
