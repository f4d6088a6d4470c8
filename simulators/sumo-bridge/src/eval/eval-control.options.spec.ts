import { parseEvalControlOptions, VARIANTS, type EvalControlOptions } from './eval-control.options';

function optionsOf(argv: string[]): EvalControlOptions {
  const command = parseEvalControlOptions(argv);
  if (command.help) throw new Error('unexpected --help');
  return command.options;
}

describe(parseEvalControlOptions.name, () => {
  it('runs every variant on a configuration by default, one seed for all', () => {
    const sut = optionsOf(['--sumocfg', 'city.sumocfg']);
    expect(sut).toMatchObject({ scenario: { kind: 'sumocfg', sumocfg: 'city.sumocfg' }, variants: [...VARIANTS], seeds: [1] });
    expect(sut.jobs).toBeGreaterThanOrEqual(1);
  });

  it('takes the window, the variants, the seed and the jobs', () => {
    const sut = optionsOf(['--grid', '2x2', '--begin', '0', '--end', '300', '--variants', 'sumo-static,webster', '--seed', '7', '--jobs', '2', '--report', 'out']);
    expect(sut).toEqual({ scenario: { kind: 'grid', columns: 2, rows: 2 }, beginS: 0, endS: 300, variants: ['sumo-static', 'webster'], seeds: [7], jobs: 2, report: 'out' });
    expect(optionsOf(['--grid', '2x2', '--phase-trace', 'traces']).phaseTraceDir).toBe('traces');
  });

  it('takes several seeds, once each', () => {
    expect(optionsOf(['--scenario', 'arterial', '--seeds', '1,2,3']).seeds).toEqual([1, 2, 3]);
    expect(optionsOf(['--scenario', 'arterial', '--seeds', '4, 2,4']).seeds).toEqual([4, 2]);
  });

  it('sizes the generated peak grid with --grid', () => {
    expect(optionsOf(['--scenario', 'grid-peak', '--grid', '4x3']).scenario).toEqual({ kind: 'generated', name: 'grid-peak', grid: { columns: 4, rows: 3 } });
    expect(optionsOf(['--scenario', 'grid-bays', '--grid', '2x2']).scenario).toEqual({ kind: 'generated', name: 'grid-bays', grid: { columns: 2, rows: 2 } });
    expect(optionsOf(['--scenario', 'surge']).scenario).toEqual({ kind: 'generated', name: 'surge' });
  });

  it.each([
    [[], /exactly one of/],
    [['--sumocfg', 'a.sumocfg', '--grid', '2x2'], /exactly one of/],
    [['--scenario', 'arterial', '--grid', '2x2'], /sizes only/],
    [['--scenario', 'downtown'], /--scenario must be/],
    [['--grid', '2x2', '--variants', 'sumo-static,fuzzy'], /--variants must list/],
    [['--grid', '2x2', '--begin', '600', '--end', '300'], /--end must be after/],
    [['--grid', '2x2', '--jobs', '0'], /--jobs must be/],
    [['--grid', '2x2', '--seed', '1', '--seeds', '1,2'], /--seed or --seeds/],
    [['--grid', '2x2', '--seeds', '1,,2'], /--seeds must be/],
    [['--grid', '2x2', '--seeds', '1,-2'], /--seeds must be/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseEvalControlOptions(argv)).toThrow(message);
  });
});
