import { parseCliOptions, USAGE } from './cli-options';

describe(parseCliOptions.name, () => {
  const sut = parseCliOptions;

  it('parses a grid run with defaults', () => {
    expect(sut(['--grid', '3x2'])).toEqual({
      help: false,
      options: { grid: { columns: 3, rows: 2 }, mqttUrl: 'mqtt://127.0.0.1:1883', program: 'platform', detectors: 'auto', speed: 0, intervalS: 60, controllerClock: 'wall', origin: [116.3975, 39.9087] },
    });
  });

  it('parses a sumocfg run with every option', () => {
    const command = sut([
      '--sumocfg', 'a.sumocfg', '--mqtt-url', 'mqtt://h:1', '--seconds', '60', '--begin', '25200', '--end', '28800', '--seed', '7', '--tripinfo', 't.xml', '--phase-trace', 'g.ndjson',
      '--program', 'sumo-actuated', '--detectors', 'config', '--speed', '2', '--interval', '30', '--controller-clock', 'simulation', '--network-out', 'n.geojson', '--origin', '13.4,52.5',
    ]);
    expect(command).toEqual({
      help: false,
      options: {
        sumocfg: 'a.sumocfg', mqttUrl: 'mqtt://h:1', seconds: 60, beginS: 25200, endS: 28800, seed: 7, tripinfoFile: 't.xml', phaseTraceFile: 'g.ndjson', program: 'sumo-actuated', detectors: 'config',
        speed: 2, intervalS: 30, controllerClock: 'simulation', networkOut: 'n.geojson', origin: [13.4, 52.5],
      },
    });
  });

  it('takes broker credentials from flags, else from MQTT_USERNAME and MQTT_PASSWORD', () => {
    expect(sut(['--grid', '1x1', '--mqtt-username', 'cab', '--mqtt-password', 'pw'])).toMatchObject({ options: { mqttCredentials: { username: 'cab', password: 'pw' } } });
    expect(sut(['--grid', '1x1'], { MQTT_USERNAME: 'env', MQTT_PASSWORD: 'epw' })).toMatchObject({ options: { mqttCredentials: { username: 'env', password: 'epw' } } });
  });

  it('answers --help with every flag in the usage', () => {
    expect(sut(['--help'])).toEqual({ help: true });
    for (const flag of ['--sumocfg', '--grid', '--mqtt-url', '--seconds', '--begin', '--end', '--seed', '--tripinfo', '--phase-trace', '--program', '--detectors', '--speed', '--interval', '--controller-clock', '--network-out', '--origin']) expect(USAGE).toContain(flag);
  });

  it('refuses ambiguous or malformed input', () => {
    expect(() => sut([])).toThrow(/exactly one/);
    expect(() => sut(['--grid', '3x3', '--sumocfg', 'x'])).toThrow(/exactly one/);
    expect(() => sut(['--grid', '3'])).toThrow(/--grid must be CxR/);
    expect(() => sut(['--grid', '0x3'])).toThrow(/--grid must be CxR/);
    expect(() => sut(['--grid', '2x2', '--seconds', '0'])).toThrow(/--seconds must be a positive number/);
    expect(() => sut(['--grid', '2x2', '--speed', '-1'])).toThrow(/--speed must be a non-negative number/);
    expect(() => sut(['--grid', '2x2', '--origin', '13.4'])).toThrow(/--origin must be LON,LAT/);
    expect(() => sut(['--grid', '2x2', '--bogus'])).toThrow(/--bogus/);
    expect(() => sut(['--grid', '2x2', '--program', 'webster'])).toThrow(/--program/);
    expect(() => sut(['--grid', '2x2', '--detectors', 'some'])).toThrow(/--detectors/);
    expect(() => sut(['--grid', '2x2', '--controller-clock', 'gps'])).toThrow(/--controller-clock/);
    expect(() => sut(['--grid', '2x2', '--seed', '1.5'])).toThrow(/--seed must be a whole number/);
  });
});
