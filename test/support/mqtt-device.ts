/** A device on a real broker for the BrokerConnection suite: an mqtt.js client behind the suite's device interface. */
import mqtt from 'mqtt';
import type { DeviceDelivery, SuiteDevice } from '@arterial/processor';

export async function connectMqttDevice(url: string, clientId: string): Promise<SuiteDevice> {
  const client = await mqtt.connectAsync(url, { clientId, clean: true, protocolVersion: 4, reconnectPeriod: 0 });
  const received: DeviceDelivery[] = [];
  client.on('message', (topic, payload, packet) => received.push({ topic, payload, qos: packet.qos, retain: packet.retain }));
  return {
    received,
    publish: async (topic, payload, options) => void (await client.publishAsync(topic, payload, options)),
    subscribe: async (filter) => void (await client.subscribeAsync(filter, { qos: 1 })),
    close: () => client.endAsync(),
  };
}
