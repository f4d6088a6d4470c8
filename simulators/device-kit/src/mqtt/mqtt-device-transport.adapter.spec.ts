import * as net from 'node:net';
import { freeTcpPort } from '../net/free-port';
import type { ConnectionEvents } from './device-connection';
import { MqttDeviceTransport } from './mqtt-device-transport.adapter';

/**
 * Just enough of an MQTT 3.1.1 broker to watch the adapter on a real socket: it answers CONNECT, SUBSCRIBE,
 * QoS 1 PUBLISH and PINGREQ, records every packet, and can refuse connections by closing them at once.
 */
class ScriptedBroker {
  readonly packets: { type: number; body: Buffer }[] = [];
  accepted = 0;
  refuse = false;
  private readonly sockets = new Set<net.Socket>();
  private readonly server = net.createServer((socket) => this.serve(socket));

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
  }

  dropAll(): void {
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  ofType(type: number): Buffer[] {
    return this.packets.filter((p) => p.type === type).map((p) => p.body);
  }

  private serve(socket: net.Socket): void {
    if (this.refuse) return void socket.destroy();
    this.accepted++;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (let packet = take(buffered); packet; packet = take(buffered)) {
        buffered = buffered.subarray(packet.size);
        this.packets.push({ type: packet.type, body: packet.body });
        this.answer(socket, packet.type, packet.flags, packet.body);
      }
    });
  }

  private answer(socket: net.Socket, type: number, flags: number, body: Buffer): void {
    if (type === 1) socket.write(Buffer.from([0x20, 0x02, 0x00, 0x00]));
    else if (type === 8) socket.write(Buffer.from([0x90, 0x03, body[0]!, body[1]!, 0x01]));
    else if (type === 12) socket.write(Buffer.from([0xd0, 0x00]));
    else if (type === 3 && (flags & 0x06) === 0x02) {
      const topicLength = body.readUInt16BE(0);
      socket.write(Buffer.from([0x40, 0x02, body[2 + topicLength]!, body[3 + topicLength]!]));
    }
  }
}

/** One whole packet from the front of the buffer, or undefined while it is incomplete. */
function take(buffer: Buffer): { type: number; flags: number; body: Buffer; size: number } | undefined {
  let length = 0;
  let multiplier = 1;
  for (let i = 1; i < Math.min(buffer.length, 5); i++) {
    const byte = buffer[i]!;
    length += (byte & 0x7f) * multiplier;
    multiplier *= 128;
    if ((byte & 0x80) === 0) {
      const size = i + 1 + length;
      if (buffer.length < size) return undefined;
      return { type: buffer[0]! >> 4, flags: buffer[0]! & 0x0f, body: buffer.subarray(i + 1, size), size };
    }
  }
  return undefined;
}

const CONNECT = 1;
const PUBLISH = 3;
const SUBSCRIBE = 8;
const DISCONNECT = 14;

describe(MqttDeviceTransport.name, () => {
  let broker: ScriptedBroker;
  let url: string;
  let port: number;

  beforeEach(async () => {
    port = await freeTcpPort();
    broker = new ScriptedBroker();
    await broker.listen(port);
    url = `mqtt://127.0.0.1:${port}`;
  });
  afterEach(async () => broker.close());

  function recorder(): ConnectionEvents & { log: string[]; messages: string[] } {
    const log: string[] = [];
    const messages: string[] = [];
    return { log, messages, onConnect: () => log.push('connect'), onClose: (err) => log.push(`close${err ? `: ${err.message}` : ''}`), onMessage: (t) => messages.push(t) };
  }

  it('connects with its will, subscribes its plan topic before reporting up, and publishes QoS 1 with an acknowledgement', async () => {
    const events = recorder();
    const sut = new MqttDeviceTransport({ url }).create(
      {
        clientId: 'kit-A0',
        will: { topic: 'arterial/v1/controllers/A0/status', payload: () => '{"online":false}', qos: 1, retain: true },
        subscriptions: ['arterial/v1/controllers/A0/plan'],
      },
      events,
    );
    sut.connect();
    await sut.ready(5_000);
    expect(events.log).toEqual(['connect']);
    const connect = broker.ofType(CONNECT)[0]!.toString('latin1');
    expect(connect).toContain('kit-A0');
    expect(connect).toContain('arterial/v1/controllers/A0/status');
    expect(connect).toContain('{"online":false}');
    expect(broker.ofType(SUBSCRIBE)[0]!.toString('latin1')).toContain('arterial/v1/controllers/A0/plan');

    await new Promise<void>((resolve, reject) =>
      sut.publish({ topic: 'arterial/v1/controllers/A0/plan/ack', payload: '{"planId":"p"}', qos: 1, retain: false }, (err) => (err ? reject(err) : resolve())),
    );
    expect(broker.ofType(PUBLISH)[0]!.toString('latin1')).toContain('{"planId":"p"}');

    await sut.end(2_000);
    expect(broker.ofType(DISCONNECT)).toHaveLength(1);
    expect(events.log).toEqual(['connect']);
  });

  it('with a retry policy, comes back by itself after the broker drops it', async () => {
    const events = recorder();
    const sut = new MqttDeviceTransport({ url, retry: { backoff: { initialMs: 20, maxMs: 40 } } }).create({ clientId: 'kit-retry' }, events);
    sut.connect();
    await sut.ready(5_000);
    broker.refuse = true;
    broker.dropAll();
    await waitUntil(() => events.log.length >= 3);
    expect(sut.connected).toBe(false);
    broker.refuse = false;
    await sut.ready(5_000);
    expect(events.log[0]).toBe('connect');
    expect(events.log.at(-1)).toBe('connect');
    expect(broker.accepted).toBe(2);
    sut.destroy();
    expect(broker.ofType(DISCONNECT)).toHaveLength(0);
  });

  it('without a retry policy makes one attempt per connect() and refuses to publish while down', async () => {
    broker.refuse = true;
    const events = recorder();
    const sut = new MqttDeviceTransport({ url }).create({ clientId: 'kit-once' }, events);
    sut.connect();
    await waitUntil(() => events.log.length > 0);
    await new Promise((r) => setTimeout(r, 100));
    expect(events.log).toHaveLength(1);
    expect(events.log[0]).toMatch(/^close/);
    const errors: (Error | undefined)[] = [];
    sut.publish({ topic: 't', payload: '{}', qos: 0, retain: false }, (err) => errors.push(err));
    expect(errors[0]?.message).toBe('not connected');
    await expect(sut.ready(50)).rejects.toThrow(/kit-once could not connect to mqtt:\/\/127\.0\.0\.1:\d+ within 50 ms/);
    sut.destroy();
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
