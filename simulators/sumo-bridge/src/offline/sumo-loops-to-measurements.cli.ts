#!/usr/bin/env node
/**
 * `node simulators/sumo-bridge/dist/offline/sumo-loops-to-measurements.cli.js --loops loops.out.xml --start ISO
 * --out FILE.ndjson [--net grid.net.xml --additional loops.add.xml [--adjacency-out FILE.csv] [--per-approach]]`:
 * SUMO's induction-loop output as `eval:prediction` input lines (detector id = loop id, or with `--per-approach` one
 * station `<edgeId>-approach` summing the lanes of each approach), and with the net and the loops' additional file
 * the adjacency CSV of the same detectors. Prints the counts.
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { readInductionLoops } from '../convert/sumo-induction-loops';
import { readSumoNet } from '../sumo-net';
import { adjacencyCsv, ApproachAggregator, approachAdjacency, approachOfLoops, convertLoopOutputFile, loopAdjacency, type MeasurementLine } from './sumo-loops-to-measurements';

const USAGE =
  'usage: sumo-loops-to-measurements.cli.js --loops FILE --start ISO --out FILE.ndjson [--net FILE --additional FILE [--adjacency-out FILE.csv] [--per-approach]]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      loops: { type: 'string' },
      start: { type: 'string' },
      out: { type: 'string' },
      net: { type: 'string' },
      additional: { type: 'string' },
      'adjacency-out': { type: 'string' },
      'per-approach': { type: 'boolean' },
    },
    strict: true,
  });
  const startMs = Date.parse(values.start ?? '');
  if (!values.loops || !values.out || !Number.isFinite(startMs)) throw new Error(USAGE);
  const needsNet = values['adjacency-out'] !== undefined || values['per-approach'] === true;
  if (needsNet && (!values.net || !values.additional)) throw new Error(`--adjacency-out and --per-approach need --net and --additional\n${USAGE}`);
  const net = needsNet && values.net ? await readSumoNet(values.net) : undefined;
  const loops = needsNet && values.additional ? await readInductionLoops(values.additional) : [];
  const approaches = net && values['per-approach'] ? approachOfLoops(net, loops) : undefined;

  const out = fs.createWriteStream(values.out);
  let written = 0;
  const write = (line: MeasurementLine): void => {
    written++;
    out.write(`${JSON.stringify(line)}\n`);
  };
  const aggregator = approaches ? new ApproachAggregator(approaches, write) : undefined;
  const intervals = await convertLoopOutputFile(values.loops, startMs, aggregator ? (line) => aggregator.add(line) : write);
  aggregator?.flush();
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));

  let edges = 0;
  if (net && values['adjacency-out']) {
    const rows = approaches ? approachAdjacency(net, approaches) : loopAdjacency(net, loops);
    fs.writeFileSync(values['adjacency-out'], adjacencyCsv(rows));
    edges = rows.length;
  }
  process.stdout.write(`${JSON.stringify({ intervals, lines: written, adjacencyEdges: edges })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
