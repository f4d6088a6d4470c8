import { DEFAULT_NETWORK_FILE, parseCliOptions, USAGE } from './cli-options';
import { DEFAULT_FAULT_RATES, NO_FAULTS } from './model/detector-faults';

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

  it('takes broker credentials from flags, else from MQTT_USERNAME and MQTT_PASSWORD', () => {
    expect(sut(['--mqtt-username', 'sim-gateway', '--mqtt-password', 'pw'], {})).toMatchObject({ options: { mqttUsername: 'sim-gateway', mqttPassword: 'pw' } });
    expect(sut([], { MQTT_USERNAME: 'env-user', MQTT_PASSWORD: 'env-pw' })).toMatchObject({ options: { mqttUsername: 'env-user', mqttPassword: 'env-pw' } });
    expect(sut([], {})).not.toHaveProperty('options.mqttUsername');
  });

  it('reads the centre-link timeouts', () => {
    expect(sut(['--centre-silence', '120', '--broker-loss', '30'], {})).toMatchObject({ options: { centreSilenceS: 120, brokerLossS: 30 } });
    expect(() => sut(['--centre-silence', '0'], {})).toThrow(/--centre-silence/);
  });

  it('reads the traffic scenario flags the offline runner takes, with fault rates', () => {
    const incident = 'A_B:2:2026-11-27T08:00:00+08:00:2026-11-27T09:00:00+08:00';
    const command = sut(['--start', '2026-11-27T00:00:00+08:00', '--incident', incident, '--incident', incident, '--dead-per-day', '0.5', '--utc-offset', '1'], {});
    expect(command).toMatchObject({
      options: {
        startMs: Date.parse('2026-11-26T16:00:00Z'),
        utcOffsetHours: 1,
        incidents: [
          { linkId: 'A_B', lanesClosed: 2, startMs: Date.parse('2026-11-27T00:00:00Z'), endMs: Date.parse('2026-11-27T01:00:00Z') },
          { linkId: 'A_B', lanesClosed: 2 },
        ],
        faultRates: { ...DEFAULT_FAULT_RATES, deadPerDay: 0.5 },
      },
    });
    expect(sut(['--no-faults'], {})).toMatchObject({ options: { faultRates: NO_FAULTS } });
    expect(USAGE).toMatch(/--incident L:N:START:END[\s\S]*--no-faults[\s\S]*--dropout-share P/);
  });

  it('rejects bad values with the flag name', () => {
    expect(() => sut(['--speed', '0'], {})).toThrow(/--speed/);
    expect(() => sut(['--detector-interval', '2.5'], {})).toThrow(/--detector-interval/);
    expect(() => sut(['--start', 'yesterday'], {})).toThrow(/--start/);
    expect(() => sut(['--bogus'], {})).toThrow();
    expect(() => sut(['--incident', 'A_B:0:2026-11-27T08:00:00Z:2026-11-27T09:00:00Z'], {})).toThrow(/incident/);
    expect(() => sut(['--no-faults', '--dropout-share', '0.1'], {})).toThrow(/--no-faults/);
  });
});
