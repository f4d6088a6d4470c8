/** The one way every emulated device's CLI takes broker credentials: flags, else MQTT_USERNAME / MQTT_PASSWORD. */
import type { CliOptionTable, CliValues } from './cli-options';

export const MQTT_CREDENTIAL_OPTIONS = {
  'mqtt-username': { type: 'string', value: 'NAME', help: 'registered device to connect as (default $MQTT_USERNAME)' },
  'mqtt-password': { type: 'string', value: 'SECRET', help: 'its password (default $MQTT_PASSWORD; prefer the variable: arguments show in ps)' },
} as const satisfies CliOptionTable;

export interface MqttCredentials {
  username?: string;
  password?: string;
}

export function mqttCredentials(values: CliValues<typeof MQTT_CREDENTIAL_OPTIONS>, env: NodeJS.ProcessEnv): MqttCredentials {
  const username = values['mqtt-username'] ?? (env.MQTT_USERNAME || undefined);
  const password = values['mqtt-password'] ?? (env.MQTT_PASSWORD || undefined);
  if (password !== undefined && username === undefined) throw new Error('--mqtt-password needs --mqtt-username (or MQTT_USERNAME)');
  return { ...(username !== undefined ? { username } : {}), ...(password !== undefined ? { password } : {}) };
}
