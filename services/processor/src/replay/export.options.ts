/** Command-line options of `npm run export`, parsed and checked without side effects. */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parseTime } from './time-arg';

export interface ExportCliOptions {
  fromMs: number;
  toMs: number;
  outFile: string;
}

export type ExportCommand = { help: true } | { help: false; options: ExportCliOptions };

export const EXPORT_USAGE = `Usage: npm run export -- --from TIME --to TIME --out FILE.ndjson[.gz]
  --from, --to   range of receive times [from, to): epoch ms or ISO-8601
  --out FILE     recording to write (NDJSON, gzipped when FILE ends in .gz)
Reads InfluxDB as the processor does (INFLUX_URL, INFLUX_DB, INFLUX_API, credentials). Progress goes to stderr; the last
stdout line is a JSON summary.`;

export function parseExportOptions(argv: readonly string[]): ExportCommand {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return { help: true };
  if (values.from === undefined || values.to === undefined || values.out === undefined) throw new Error('give --from, --to and --out');
  const fromMs = parseTime('from', values.from);
  const toMs = parseTime('to', values.to);
  if (!(fromMs < toMs)) throw new Error(`--from (${fromMs}) must be before --to (${toMs})`);
  return { help: false, options: { fromMs, toMs, outFile: path.resolve(values.out) } };
}
