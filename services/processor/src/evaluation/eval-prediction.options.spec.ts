import * as path from 'node:path';
import { OptionsError, parseEvalPredictionOptions } from './eval-prediction.options';

describe(parseEvalPredictionOptions.name, () => {
  it('fills the benchmark defaults', () => {
    const sut = parseEvalPredictionOptions(['--input', 'data.ndjson.gz']);
    expect(sut).toEqual({
      help: false,
      options: {
        input: path.resolve('data.ndjson.gz'),
        adjacency: undefined,
        network: undefined,
        split: [0.6, 0.2, 0.2],
        target: 'volume',
        aggregateS: undefined,
        history: 12,
        horizons: [1, 3, 6, 12],
        report: undefined,
        models: ['persistence', 'historical-average', 'ridge'],
        utcOffsetHours: 0,
        online: true,
      },
    });
  });

  it('reads every flag', () => {
    const sut = parseEvalPredictionOptions([
      '--input', 'a.ndjson', '--adjacency', 'adj.csv', '--split', '7,1,2', '--target', 'speedKph', '--history', '24',
      '--aggregate-s', '900', '--horizons', '12,3,3', '--report', 'out', '--models', 'ridge,persistence', '--utc-offset', '8', '--frozen',
    ]);
    if (sut.help) throw new Error('unexpected help');
    expect(sut.options).toMatchObject({
      adjacency: path.resolve('adj.csv'),
      target: 'speedKph',
      history: 24,
      aggregateS: 900,
      horizons: [3, 12],
      report: path.resolve('out'),
      models: ['ridge', 'persistence'],
      utcOffsetHours: 8,
      online: false,
    });
    expect(sut.options.split[0]).toBeCloseTo(0.7);
    expect(parseEvalPredictionOptions(['--help'])).toEqual({ help: true });
  });

  it.each([
    [[], /--input FILE is required/],
    [['--input', 'a', '--target', 'flow'], /--target must be one of volume, speedKph, occupancyPct/],
    [['--input', 'a', '--split', '0.6,0.4'], /--split must be three positive numbers/],
    [['--input', 'a', '--horizons', '1,x'], /--horizons must be whole numbers/],
    [['--input', 'a', '--history', '0'], /--history must be whole numbers in \[1/],
    [['--input', 'a', '--aggregate-s', '0'], /--aggregate-s must be whole numbers in \[1, 86400\]/],
    [['--input', 'a', '--models', 'lstm'], /unknown model "lstm"/],
    [['--input', 'a', '--adjacency', 'x.csv', '--network', 'n.geojson'], /not both/],
    [['--input', 'a', '--bogus'], /Unknown option '--bogus'/],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseEvalPredictionOptions(argv)).toThrow(OptionsError);
    expect(() => parseEvalPredictionOptions(argv)).toThrow(message);
  });
});
