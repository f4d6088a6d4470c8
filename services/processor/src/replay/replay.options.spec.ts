import * as path from 'node:path';
import { parseReplayOptions } from './replay.options';

describe('parseReplayOptions', () => {
  it('reads the input, the output and the range (epoch ms or ISO-8601)', () => {
    expect(parseReplayOptions(['--in', 'a.ndjson.gz', '--out-dir', 'out', '--from', '2026-03-02T00:00:00Z', '--to', '1772496000000'])).toEqual({
      help: false,
      options: { inFile: path.resolve('a.ndjson.gz'), fromMs: 1772409600000, toMs: 1772496000000, outDb: undefined, outDir: path.resolve('out'), networkFile: undefined, control: { defaultStrategy: 'off' } },
    });
  });

  it('runs the plan engine only when asked: a strategy for every junction, and per junction over it', () => {
    const sut = parseReplayOptions(['--in', 'a', '--control', 'max-pressure', '--control-per-intersection', 'J1=webster, J2=off']);
    expect(sut.help === false && sut.options.control).toEqual({ defaultStrategy: 'max-pressure', perIntersection: { J1: 'webster', J2: 'off' } });
    const perJunctionOnly = parseReplayOptions(['--in', 'a', '--control-per-intersection', 'J1=scats']);
    expect(perJunctionOnly.help === false && perJunctionOnly.options.control).toEqual({ defaultStrategy: 'off', perIntersection: { J1: 'scats' } });
  });

  it('reads InfluxDB when only the range is given', () => {
    const sut = parseReplayOptions(['--from', '1000', '--to', '2000']);
    expect(sut.help === false && sut.options).toMatchObject({ inFile: undefined, fromMs: 1000, toMs: 2000 });
  });

  it.each([
    [[], /--in FILE, or --from and --to/],
    [['--from', '1'], /--in FILE, or --from and --to/],
    [['--in', 'a', '--out-db', 'x', '--out-dir', 'y'], /not both/],
    [['--in', 'a', '--from', 'soon'], /epoch milliseconds or an ISO-8601/],
    [['--in', 'a', '--from', '10', '--to', '5'], /must be before/],
    [['--in', 'a', '--out-db', 'a b'], /letters, digits/],
    [['--in', 'a', '--bogus'], /Unknown option/],
    [['--in', 'a', '--control', 'fastest'], /--control must be one of webster, .*off/],
    [['--in', 'a', '--control-per-intersection', 'J1'], /--control-per-intersection entries are id=strategy/],
    [['--in', 'a', '--control-per-intersection', 'J1=slow'], /strategy of J1 must be one of/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseReplayOptions(argv)).toThrow(message);
  });
});
