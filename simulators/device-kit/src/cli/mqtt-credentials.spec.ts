import { mqttCredentials } from './mqtt-credentials';

describe(mqttCredentials.name, () => {
  it('takes the flags, else the environment, else nothing', () => {
    expect(mqttCredentials({ 'mqtt-username': 'cab', 'mqtt-password': 'pw' }, { MQTT_USERNAME: 'env', MQTT_PASSWORD: 'envpw' })).toEqual({ username: 'cab', password: 'pw' });
    expect(mqttCredentials({}, { MQTT_USERNAME: 'env', MQTT_PASSWORD: 'envpw' })).toEqual({ username: 'env', password: 'envpw' });
    expect(mqttCredentials({}, { MQTT_USERNAME: '' })).toEqual({});
  });

  it('refuses a password without a user name', () => {
    expect(() => mqttCredentials({ 'mqtt-password': 'pw' }, {})).toThrow(/--mqtt-username/);
  });
});
