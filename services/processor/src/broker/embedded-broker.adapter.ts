/** The embedded MQTT broker (aedes over TCP) used when no external broker (MQTT_URL) is configured. */
import * as net from 'node:net';
import { createBroker, type default as Aedes } from 'aedes';
import { createLogger } from '../logging/logger';

const log = createLogger('embedded-broker');

/** Topic levels that are empty (`a//b`, `a/b/`): aedes' persistent-session store cannot deliver them. */
const EMPTY_LEVEL = /(^|\/)(\/|$)/;
/** Where such messages are parked: nothing subscribes here, so the broker forwards them nowhere. */
const QUARANTINE_TOPIC = 'arterial/quarantine';

export interface QuarantinedMessage {
  topic: string;
  payload: Buffer;
}

export interface EmbeddedBrokerStatus {
  listening: boolean;
  port: number;
  connectedClients: number;
}

export class EmbeddedBrokerAdapter {
  private readonly aedes: Aedes;
  private readonly server: net.Server;
  private boundPort = 0;

  quarantined = 0;

  constructor(
    private readonly host: string,
    private readonly port: number,
    /** Receives messages the broker cannot route safely, so ingest can still reject and dead-letter them. */
    private readonly onQuarantine: (message: QuarantinedMessage) => void = () => undefined,
  ) {
    this.aedes = createBroker({
      id: 'arterial-embedded',
      maxClientsIdLength: 128,
      // aedes' in-memory persistence fails the PUBACK of a message with an empty topic level to a
      // persistent subscriber and drops that subscriber's connection; one bad device could knock the
      // centre off repeatedly. Such topics are outside the contract anyway: park them and report them.
      authorizePublish: (_client, packet, callback) => {
        if (packet.topic.startsWith('arterial/') && EMPTY_LEVEL.test(packet.topic)) {
          this.quarantined += 1;
          this.onQuarantine({ topic: packet.topic, payload: Buffer.from(packet.payload) });
          packet.topic = QUARANTINE_TOPIC;
        }
        callback(null);
      },
    });
    this.aedes.on('clientError', (client, err) => log.debug({ clientId: client.id, err: err.message }, 'client error'));
    this.server = net.createServer((socket) => this.aedes.handle(socket));
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, this.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address();
    this.boundPort = typeof address === 'object' && address ? address.port : this.port;
    log.info({ host: this.host, port: this.boundPort }, 'embedded MQTT broker listening');
    return this.boundPort;
  }

  /**
   * Delivers matching messages straight from the broker to the processor in the same process. The MQTT
   * hop and its session would add a second parse, a PUBACK round trip and a persisted copy per message
   * while protecting against nothing: broker and processor live and die together here.
   */
  subscribeInProcess(filters: readonly string[], onMessage: (topic: string, payload: Buffer) => void): Promise<void> {
    const deliver = (packet: { topic: string; payload: Buffer | string }, done: () => void) => {
      onMessage(packet.topic, Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload));
      done();
    };
    return Promise.all(filters.map((f) => new Promise<void>((resolve) => this.aedes.subscribe(f, deliver, resolve)))).then(() => undefined);
  }

  publish(topic: string, payload: string, options: { qos: 0 | 1; retain: boolean }): Promise<void> {
    return new Promise((resolve, reject) =>
      this.aedes.publish({ cmd: 'publish', topic, payload: Buffer.from(payload), qos: options.qos, retain: options.retain, dup: false }, (err) => (err ? reject(err) : resolve())),
    );
  }

  status(): EmbeddedBrokerStatus {
    return { listening: this.server.listening, port: this.boundPort, connectedClients: this.aedes.connectedClients };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    log.info('embedded MQTT broker stopped');
  }
}
