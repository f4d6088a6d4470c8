import { CONFIG_ENV_VARS, loadConfig } from './processor-config';

describe('MQTT access configuration', () => {
  it('requires credentials unless anonymous access is asked for explicitly', () => {
    const sut = loadConfig({}).mqttAccess;
    expect(sut).toMatchObject({ allowAnonymous: false, maxPayloadBytes: 65536, ratePerS: 20, burst: 100, maxClients: 10000, tls: undefined });
    expect(sut.registryFile).toMatch(/data[/\\]devices\.json$/);
    expect(loadConfig({ MQTT_ALLOW_ANONYMOUS: 'true' }).mqttAccess.allowAnonymous).toBe(true);
    expect(loadConfig({ MQTT_ALLOW_ANONYMOUS: 'false' }).mqttAccess.allowAnonymous).toBe(false);
    expect(() => loadConfig({ MQTT_ALLOW_ANONYMOUS: 'yes' })).toThrow(/MQTT_ALLOW_ANONYMOUS/);
  });

  it('reads the registry file, limits and TLS files from the environment', () => {
    const sut = loadConfig({
      DEVICE_REGISTRY_FILE: '/etc/arterial/devices.json',
      MQTT_DEVICE_RATE_PER_S: '5',
      MQTT_DEVICE_BURST: '7',
      MQTT_MAX_PAYLOAD_BYTES: '1024',
      MQTT_MAX_CLIENTS: '3',
      MQTT_TLS_CERT: 'server.crt',
      MQTT_TLS_KEY: 'server.key',
      MQTT_TLS_CA: 'ca.crt',
      MQTT_TLS_REQUIRE_CLIENT_CERT: 'true',
    }).mqttAccess;
    expect(sut).toEqual({
      allowAnonymous: false,
      registryFile: '/etc/arterial/devices.json',
      maxPayloadBytes: 1024,
      ratePerS: 5,
      burst: 7,
      maxClients: 3,
      tls: { port: 8883, certFile: 'server.crt', keyFile: 'server.key', caFile: 'ca.crt', requireClientCert: true },
    });
  });

  it('refuses half a TLS configuration', () => {
    expect(() => loadConfig({ MQTT_TLS_CERT: 'server.crt' })).toThrow(/go together/);
    expect(() => loadConfig({ MQTT_TLS_CERT: 'a', MQTT_TLS_KEY: 'b', MQTT_TLS_REQUIRE_CLIENT_CERT: 'true' })).toThrow(/MQTT_TLS_CA/);
  });

  it('lists every new variable for the deployment checks', () => {
    for (const name of ['MQTT_ALLOW_ANONYMOUS', 'DEVICE_REGISTRY_FILE', 'MQTT_TLS_CERT', 'MQTT_TLS_KEY', 'MQTT_TLS_CA', 'MQTT_TLS_REQUIRE_CLIENT_CERT', 'MQTT_DEVICE_RATE_PER_S'] as const) {
      expect(CONFIG_ENV_VARS).toContain(name);
    }
  });
});
