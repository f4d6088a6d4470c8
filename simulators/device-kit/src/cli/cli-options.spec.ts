import { choiceFlag, dateFlag, numberFlag, numberListFlag, parseCliValues, usageText, type CliOptionTable } from './cli-options';

const TABLE = {
  url: { type: 'string', value: 'URL', help: 'broker (default mqtt://127.0.0.1:1883)' },
  incident: { type: 'string', multiple: true, value: 'L:N:START:END', help: 'close lanes (repeatable)' },
  'no-faults': { type: 'boolean', help: 'no detector faults' },
} as const satisfies CliOptionTable;

describe(parseCliValues.name, () => {
  const sut = parseCliValues;

  it('reads strings, repeated strings and booleans by the table', () => {
    expect(sut(['--url', 'mqtt://h:1', '--incident', 'a', '--incident', 'b', '--no-faults'], TABLE)).toEqual({
      help: false,
      values: { url: 'mqtt://h:1', incident: ['a', 'b'], 'no-faults': true },
    });
    expect(sut([], TABLE)).toEqual({ help: false, values: {} });
  });

  it('takes a negative number after an option as its value', () => {
    expect(sut(['--url', '-5', '--incident', '-1,2'], TABLE)).toEqual({ help: false, values: { url: '-5', incident: ['-1,2'] } });
    expect(() => sut(['--no-faults', '-x'], TABLE)).toThrow(/-x/);
  });

  it('answers --help on every table', () => {
    expect(sut(['--url', 'x', '--help'], TABLE)).toEqual({ help: true });
  });

  it('refuses unknown flags, missing values and positional arguments', () => {
    expect(() => sut(['--bogus'], TABLE)).toThrow(/--bogus/);
    expect(() => sut(['--url'], TABLE)).toThrow(/--url/);
    expect(() => sut(['extra'], TABLE)).toThrow(/extra/);
  });
});

describe(usageText.name, () => {
  it('aligns one line per option after the synopsis, with --help and the notes last', () => {
    expect(usageText('Usage: tool [options]', TABLE, 'Environment: LOG_LEVEL.')).toBe(
      [
        'Usage: tool [options]',
        '  --url URL                  broker (default mqtt://127.0.0.1:1883)',
        '  --incident L:N:START:END   close lanes (repeatable)',
        '  --no-faults                no detector faults',
        '  --help                     this text',
        'Environment: LOG_LEVEL.',
      ].join('\n'),
    );
  });

  it('widens the name column for long option names', () => {
    const text = usageText('u', { 'detectors-per-intersection': { type: 'string', value: 'N', help: 'detectors' } });
    expect(text.split('\n')[1]).toBe('  --detectors-per-intersection N  detectors');
  });
});

describe(numberFlag.name, () => {
  it('returns undefined when absent and refuses blanks, non-numbers and values breaking the rule', () => {
    expect(numberFlag('x', undefined, () => true, 'anything')).toBeUndefined();
    expect(numberFlag('x', '2.5', (n) => n > 0, 'positive')).toBe(2.5);
    expect(() => numberFlag('x', ' ', () => true, 'a number')).toThrow('--x must be a number, got " "');
    expect(() => numberFlag('x', 'NaN', () => true, 'a number')).toThrow(/--x/);
    expect(() => numberFlag('x', '-1', (n) => n > 0, 'a positive number')).toThrow('--x must be a positive number, got "-1"');
  });
});

describe(numberListFlag.name, () => {
  it('splits a flag into a fixed number of checked numbers', () => {
    expect(numberListFlag('origin', '13.4,52.5', { count: 2, rule: 'LON,LAT' })).toEqual([13.4, 52.5]);
    expect(numberListFlag('grid', '3x2', { count: 2, separator: 'x', check: Number.isInteger, rule: 'CxR' })).toEqual([3, 2]);
    expect(numberListFlag('grid', undefined, { count: 2, rule: 'CxR' })).toBeUndefined();
    expect(() => numberListFlag('origin', '13.4', { count: 2, rule: 'LON,LAT' })).toThrow('--origin must be LON,LAT, got "13.4"');
    expect(() => numberListFlag('origin', '13.4,', { count: 2, rule: 'LON,LAT' })).toThrow(/--origin/);
    expect(() => numberListFlag('grid', '3x0', { count: 2, separator: 'x', check: (n) => n >= 1, rule: 'CxR' })).toThrow(/--grid must be CxR/);
  });
});

describe(choiceFlag.name, () => {
  it('accepts only the listed words', () => {
    expect(choiceFlag('layout', 'per-detector', ['per-cabinet', 'per-detector'] as const)).toBe('per-detector');
    expect(choiceFlag('layout', undefined, ['per-cabinet'] as const)).toBeUndefined();
    expect(() => choiceFlag('layout', 'shared', ['per-cabinet', 'per-detector'] as const)).toThrow('--layout must be per-cabinet or per-detector, got "shared"');
  });
});

describe(dateFlag.name, () => {
  it('parses ISO date-times and names the flag otherwise', () => {
    expect(dateFlag('start', undefined)).toBeUndefined();
    expect(dateFlag('start', '2026-11-27T00:00:00Z')).toBe(Date.parse('2026-11-27T00:00:00Z'));
    expect(() => dateFlag('start', 'yesterday')).toThrow(/--start must be an ISO date-time/);
  });
});
