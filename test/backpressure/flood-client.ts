/**
 * A raw MQTT client that publishes as fast as the broker reads: CONNECT, wait for CONNACK, then write chunks of
 * pre-encoded PUBLISH packets whenever the socket drains, until stopped. Every message is contract-valid and new
 * (its own seq), so each one reaches ingest and the store. PUBACKs (QoS 1) are read and ignored.
 */
import * as net from 'node:net';
import { buildTopic } from '@arterial/contracts/mqtt/v1';
import { generate, parser } from 'mqtt-packet';

export interface FloodOptions {
  port: number;
  clientId: string;
  qos: 0 | 1;
  /** Distinct detectors (QoS 1) or intersections (QoS 0) this client cycles through. */
  devices: number;
  /** Packets per written chunk. */
  chunk: number;
}

export class FloodClient {
  private readonly socket: net.Socket;
  private stopped = false;
  private seq = 0;
  private nextMessageId = 1;
  sent = 0;

  private constructor(
    private readonly options: FloodOptions,
    socket: net.Socket,
  ) {
    this.socket = socket;
  }

  static async connect(options: FloodOptions): Promise<FloodClient> {
    const socket = net.connect({ port: options.port, host: '127.0.0.1' });
    socket.on('error', () => undefined);
    const incoming = parser({ protocolVersion: 4 });
    incoming.on('error', () => undefined);
    const connack = new Promise<void>((resolve, reject) => {
      incoming.on('packet', (packet) => packet.cmd === 'connack' && resolve());
      socket.once('close', () => reject(new Error(`${options.clientId} closed before CONNACK`)));
    });
    socket.on('data', (data: Buffer) => incoming.parse(data));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: options.clientId, keepalive: 60 }));
    await connack;
    return new FloodClient(options, socket);
  }

  /** Floods until stop(); resolves once stopped (or the broker closed the socket). */
  async run(): Promise<void> {
    while (!this.stopped && !this.socket.destroyed) {
      if (!this.socket.write(this.chunk())) {
        await new Promise<void>((resolve) => {
          const done = () => {
            this.socket.off('drain', done);
            this.socket.off('close', done);
            resolve();
          };
          this.socket.on('drain', done);
          this.socket.on('close', done);
        });
      } else {
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  stop(): void {
    this.stopped = true;
    this.socket.destroy();
  }

  private chunk(): Buffer {
    const { qos, devices, chunk, clientId } = this.options;
    const ts = Date.now();
    const packets: Buffer[] = [];
    for (let i = 0; i < chunk; i += 1) {
      const seq = this.seq++;
      const device = `${clientId}-${seq % devices}`;
      const payload =
        qos === 1
          ? `{"ts":${ts},"seq":${seq},"intervalS":1,"volume":${seq % 3},"occupancyPct":${(seq % 40) + 0.5},"speedKph":48.5,"health":"ok"}`
          : `{"ts":${ts},"seq":${seq},"mode":"fixed","planId":"p1","cycleS":90,"cycleSecond":${seq % 90},"phases":[{"id":2,"state":"green","remainingS":10}]}`;
      const topic = qos === 1 ? buildTopic('measurement', device) : buildTopic('state', device);
      const messageId = qos === 1 ? this.nextId() : undefined;
      packets.push(generate({ cmd: 'publish', topic, payload, qos, dup: false, retain: false, ...(messageId ? { messageId } : {}) }));
    }
    this.sent += chunk;
    return Buffer.concat(packets);
  }

  private nextId(): number {
    const id = this.nextMessageId;
    this.nextMessageId = id >= 65535 ? 1 : id + 1;
    return id;
  }
}
