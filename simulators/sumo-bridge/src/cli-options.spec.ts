import { parseCliOptions } from './cli-options';

describe('parseCliOptions', () => {
  it('parses a grid run with defaults', () => {
    expect(parseCliOptions(['--grid', '3x2'])).toMatchObject({ grid: { columns: 3, rows: 2 }, mqttUrl: 'mqtt://127.0.0.1:1883', seconds: 600, speed: 0, intervalS: 60 });
  });
  it('parses a sumocfg run with every option', () => {
    const sut = parseCliOptions(['--sumocfg', 'a.sumocfg', '--mqtt-url', 'mqtt://h:1', '--seconds', '60', '--speed', '2', '--interval', '30', '--network-out', 'n.geojson', '--origin', '13.4,52.5']);
    expect(sut).toEqual({ sumocfg: 'a.sumocfg', mqttUrl: 'mqtt://h:1', seconds: 60, speed: 2, intervalS: 30, networkOut: 'n.geojson', origin: [13.4, 52.5] });
  });
  it('refuses ambiguous or malformed input', () => {
    expect(() => parseCliOptions([])).toThrow(/exactly one/);
    expect(() => parseCliOptions(['--grid', '3x3', '--sumocfg', 'x'])).toThrow(/exactly one/);
    expect(() => parseCliOptions(['--grid', '3'])).toThrow(/CxR/);
    expect(() => parseCliOptions(['--grid', '2x2', '--seconds', '0'])).toThrow(/positive/);
    expect(() => parseCliOptions(['--grid', '2x2', '--bogus'])).toThrow(/unknown option/);
  });
});
