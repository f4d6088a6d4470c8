import { DEFAULT_NETWORK_FILE, parseCliOptions } from './cli-options';

describe(parseCliOptions.name, () => {
  const sut = parseCliOptions;

  it('reads the documented flags', () => {
    const command = sut(
      ['--mqtt-url', 'mqtt://broker:1883', '--network', '/tmp/n.geojson', '--speed', '10', '--seed', '7', '--hours', '2', '--detector-interval', '30', '--shared-connection'],
      {},
    );
    expect(command).toEqual({
      help: false,
      options: {
        mqttUrl: 'mqtt://broker:1883',
        network: '/tmp/n.geojson',
        speed: 10,
        seed: 7,
        hours: 2,
        detectorIntervalS: 30,
        connections: 'shared',
      },
    });
  });

  it('defaults to the demo network and MQTT_URL', () => {
    const command = sut([], { MQTT_URL: 'mqtt://env:1883' });
    expect(command).toMatchObject({ help: false, options: { mqttUrl: 'mqtt://env:1883', network: DEFAULT_NETWORK_FILE, connections: 'per-controller' } });
    expect(DEFAULT_NETWORK_FILE).toMatch(/firmware-contracts\/networks\/demo\.geojson$/);
  });

  it('reads the centre-link timeouts', () => {
    expect(sut(['--centre-silence', '120', '--broker-loss', '30'], {})).toMatchObject({ options: { centreSilenceS: 120, brokerLossS: 30 } });
    expect(() => sut(['--centre-silence', '0'], {})).toThrow(/--centre-silence/);
  });

  it('rejects bad values with the flag name', () => {
    expect(() => sut(['--speed', '0'], {})).toThrow(/--speed/);
    expect(() => sut(['--detector-interval', '2.5'], {})).toThrow(/--detector-interval/);
    expect(() => sut(['--start', 'yesterday'], {})).toThrow(/--start/);
    expect(() => sut(['--bogus'], {})).toThrow();
  });
});
