import { NO_FAULTS } from '../model/detector-faults';
import { DEMO_NETWORK_FILE, localMidnightMs, parseOfflineOptions } from './offline-options';

const NOW = Date.parse('2026-11-27T22:00:00Z');

describe(parseOfflineOptions.name, () => {
  const sut = parseOfflineOptions;

  it('defaults to the demo network, 24 hours as fast as possible, seed 42, from local midnight', () => {
    const command = sut([], NOW);
    expect(command).toEqual({
      help: false,
      options: expect.objectContaining({ networkFile: DEMO_NETWORK_FILE, hours: 24, speed: undefined, seed: 42, faults: true, faultRates: undefined, incidents: [] }),
    });
    if (!command.help) expect(command.options.startMs).toBe(Date.parse('2026-11-28T00:00:00+08:00'));
  });

  it('reads every option, incidents included', () => {
    const command = sut(
      ['--network', 'demo', '--speed', '100', '--hours', '1', '--seed', '7', '--start', '2026-11-27T00:00:00+08:00', '--incident', 'A_B:1:2026-11-27T08:00:00+08:00:2026-11-27T09:00:00+08:00', '--out', 'x.ndjson', '--no-faults'],
      NOW,
    );
    expect(command.help).toBe(false);
    if (command.help) return;
    expect(command.options).toMatchObject({ speed: 100, hours: 1, seed: 7, startMs: Date.parse('2026-11-26T16:00:00Z'), faults: false, faultRates: NO_FAULTS });
    expect(command.options.incidents).toEqual([{ linkId: 'A_B', lanesClosed: 1, startMs: Date.parse('2026-11-27T00:00:00Z'), endMs: Date.parse('2026-11-27T01:00:00Z') }]);
    expect(command.options.outFile).toMatch(/x\.ndjson$/);
  });

  it('rejects bad values and unknown options', () => {
    expect(() => sut(['--speed', '0'], NOW)).toThrow(/--speed/);
    expect(() => sut(['--hours', 'x'], NOW)).toThrow(/--hours/);
    expect(() => sut(['--start', 'yesterday'], NOW)).toThrow(/--start/);
    expect(() => sut(['--incident', 'A_B:1'], NOW)).toThrow(/incident/);
    expect(() => sut(['--mqtt-url', 'x'], NOW)).toThrow();
    expect(() => sut(['--dead-per-day', '-1'], NOW)).toThrow();
  });

  it('passes fault rates on to the offline run', () => {
    const command = sut(['--dead-per-day', '1'], NOW);
    expect(command.help === false && command.options.faultRates?.deadPerDay).toBe(1);
  });
});

describe(localMidnightMs.name, () => {
  it('finds the start of the local day', () => {
    expect(localMidnightMs(Date.parse('2026-11-27T15:59:59Z'), 8)).toBe(Date.parse('2026-11-27T00:00:00+08:00'));
    expect(localMidnightMs(Date.parse('2026-11-27T16:00:00Z'), 8)).toBe(Date.parse('2026-11-28T00:00:00+08:00'));
  });
});
