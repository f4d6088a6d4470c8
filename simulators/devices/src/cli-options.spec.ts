import { openFileLimit, parseCliOptions } from './cli-options';

describe(parseCliOptions.name, () => {
  const sut = parseCliOptions;

  it('reads every option of the documented command line', () => {
    const command = sut(
      ['--url', 'mqtt://127.0.0.1:1883', '--intersections', '2000', '--detectors-per-intersection', '8', '--state-hz', '1', '--measurement-interval', '10', '--seconds', '60', '--ramp-per-second', '200'],
      42,
    );
    expect(command).toMatchObject({
      help: false,
      options: { url: 'mqtt://127.0.0.1:1883', intersections: 2000, detectorsPerIntersection: 8, stateHz: 1, measurementIntervalS: 10, seconds: 60, rampPerSecond: 200, layout: 'per-cabinet', clientIdPrefix: 'fleet-42' },
    });
  });

  it('fills in the documented defaults and answers --help', () => {
    expect(sut([], 7)).toEqual({
      help: false,
      options: {
        url: 'mqtt://127.0.0.1:1883', intersections: 100, detectorsPerIntersection: 8, network: undefined, stateHz: 1, measurementIntervalS: 10, seconds: 60,
        rampPerSecond: 200, layout: 'per-cabinet', idPrefix: 'fleet', clientIdPrefix: 'fleet-7', progressSeconds: 5,
      },
    });
    expect(sut(['--help'])).toEqual({ help: true });
  });

  it('takes broker credentials from flags, else from MQTT_USERNAME and MQTT_PASSWORD', () => {
    expect(sut(['--mqtt-username', 'fleet-gw', '--mqtt-password', 'pw'], 1)).toMatchObject({ options: { credentials: { username: 'fleet-gw', password: 'pw' } } });
    expect(sut([], 1, { MQTT_USERNAME: 'env', MQTT_PASSWORD: 'epw' })).toMatchObject({ options: { credentials: { username: 'env', password: 'epw' } } });
  });

  it('refuses a broker that is not on loopback', () => {
    expect(() => sut(['--url', 'mqtt://192.168.1.10:1883'])).toThrow(/loopback/);
  });

  it('explains bad values and unknown options', () => {
    expect(() => sut(['--intersections', '1.5'])).toThrow(/--intersections must be an integer/);
    expect(() => sut(['--layout', 'shared'])).toThrow(/per-cabinet or per-detector/);
    expect(() => sut(['--rate', '5'])).toThrow(/--rate/);
    expect(() => sut(['--seconds'])).toThrow(/--seconds/);
  });
});

describe(openFileLimit.name, () => {
  it('reads the soft limit from /proc/self/limits', () => {
    const text = 'Limit                     Soft Limit           Hard Limit           Units\nMax open files            20000                20000                files\n';
    expect(openFileLimit(text)).toBe(20000);
    expect(openFileLimit('Max open files            unlimited            unlimited            files')).toBe(Infinity);
    expect(openFileLimit('')).toBeUndefined();
  });
});
