/** The only module that imports mqtt: a small publish/subscribe port for the bridge's devices. */
import mqtt from 'mqtt';

export interface BusConnection {
  publish(topic: string, payload: unknown, options: { qos: 0 | 1; retain?: boolean }): Promise<void>;
  subscribe(topic: string, qos: 0 | 1, handler: (payload: Buffer) => void): Promise<void>;
  end(): Promise<void>;
}

export interface ConnectOptions {
  clientId: string;
  /** Last will, published retained by the broker if the connection drops. */
  will?: { topic: string; payload: unknown };
}

export async function connectBus(url: string, options: ConnectOptions): Promise<BusConnection> {
  const client = await mqtt.connectAsync(url, {
    protocolVersion: 4,
    clientId: options.clientId,
    clean: true,
    reconnectPeriod: 1000,
    connectTimeout: 10000,
    will: options.will ? { topic: options.will.topic, payload: Buffer.from(JSON.stringify(options.will.payload)), qos: 1, retain: true } : undefined,
  });
  const handlers = new Map<string, (payload: Buffer) => void>();
  client.on('message', (topic, payload) => handlers.get(topic)?.(payload));
  return {
    async publish(topic, payload, { qos, retain }) {
      await client.publishAsync(topic, JSON.stringify(payload), { qos, retain: retain ?? false });
    },
    async subscribe(topic, qos, handler) {
      handlers.set(topic, handler);
      await client.subscribeAsync(topic, { qos });
    },
    async end() {
      await client.endAsync();
    },
  };
}
