import * as path from 'node:path';
import { parseExportOptions } from './export.options';

describe('parseExportOptions', () => {
  it('reads the range (ISO-8601 or epoch ms) and the output file', () => {
    expect(parseExportOptions(['--from', '2026-03-02T00:00:00+08:00', '--to', '1772409600000', '--out', 'day.ndjson.gz'])).toEqual({
      help: false,
      options: { fromMs: 1772380800000, toMs: 1772409600000, outFile: path.resolve('day.ndjson.gz') },
    });
  });

  it.each([
    [['--from', '1', '--to', '2'], /--from, --to and --out/],
    [['--from', '5', '--to', '5', '--out', 'x'], /must be before/],
    [['--from', 'yesterday', '--to', '5', '--out', 'x'], /ISO-8601/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseExportOptions(argv)).toThrow(message);
  });
});
