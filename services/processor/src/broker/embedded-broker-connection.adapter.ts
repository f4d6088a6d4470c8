/**
 * The embedded MQTT broker (aedes over TCP), used when no external broker (MQTT_URL) is configured.
 * The centre subscribes inside the broker process rather than over an MQTT session of its own.
 */
import * as net from 'node:net';
import { createBroker, type default as Aedes } from 'aedes';
import { Subject } from 'rxjs';
import type { Clock } from '../clock/clock';
import { createLogger } from '../logging/logger';
import type { BrokerConnection, BrokerHealth, InboundMessage, PublishOptions } from './broker-connection';
import { matchesAny } from './topic-filter';

const log = createLogger('embedded-broker');

/** Topic levels that are empty (`a//b`, `a/b/`): aedes' persistent-session store cannot deliver them. */
const EMPTY_LEVEL = /(^|\/)(\/|$)/;
/** Where such messages are parked: nothing subscribes here, so the broker forwards them nowhere. */
const QUARANTINE_TOPIC = 'arterial/quarantine';

export interface EmbeddedBrokerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  subscriptions: readonly string[];
  clock: Clock;
}

type State = 'idle' | 'running' | 'stopped';

export class EmbeddedBrokerConnection implements BrokerConnection {
  private readonly aedes: Aedes;
  private readonly server: net.Server;
  private readonly inbound = new Subject<InboundMessage>();
  private boundPort = 0;
  private state: State = 'idle';
  private stopping: Promise<void> | undefined;

  /** Messages parked because of an empty topic level since start. */
  quarantined = 0;

  readonly messages$ = this.inbound.asObservable();

  constructor(private readonly options: EmbeddedBrokerOptions) {
    this.aedes = createBroker({
      id: 'arterial-embedded',
      maxClientsIdLength: 128,
      // aedes' in-memory persistence fails the PUBACK of a message with an empty topic level to a
      // persistent subscriber and drops that subscriber's connection; one bad device could knock the
      // centre off repeatedly. Such topics are outside the contract anyway: park them, and hand the
      // centre the ones it subscribes to so ingest can still reject and dead-letter them.
      authorizePublish: (_client, packet, callback) => {
        if (packet.topic.startsWith('arterial/') && EMPTY_LEVEL.test(packet.topic)) {
          this.quarantined += 1;
          if (this.state === 'running' && matchesAny(this.options.subscriptions, packet.topic)) {
            this.inbound.next({ topic: packet.topic, payload: Buffer.from(packet.payload), receivedAt: this.options.clock.now() });
          }
          packet.topic = QUARANTINE_TOPIC;
        }
        callback(null);
      },
    });
    this.aedes.on('clientError', (client, err) => log.debug({ clientId: client.id, err: err.message }, 'client error'));
    this.server = net.createServer((socket) => this.aedes.handle(socket));
  }

  async start(): Promise<void> {
    if (this.state !== 'idle') throw new Error(`embedded broker cannot start: it is ${this.state}`);
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address();
    this.boundPort = typeof address === 'object' && address ? address.port : this.options.port;
    await this.subscribeInProcess();
    this.state = 'running';
    log.info({ host: this.options.host, port: this.boundPort }, 'embedded MQTT broker listening');
  }

  /**
   * Delivers matching messages straight from the broker to the centre in the same process. The MQTT hop
   * and its session would add a second parse, a PUBACK round trip and a persisted copy per message while
   * protecting against nothing: broker and centre live and die together here. This is the ingest hot path
   * (16k msg/s on 2 cores): keep it to one object and one next() per message.
   */
  private subscribeInProcess(): Promise<void> {
    const { clock } = this.options;
    const deliver = (packet: { topic: string; payload: Buffer | string }, done: () => void) => {
      this.inbound.next({ topic: packet.topic, payload: Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload), receivedAt: clock.now() });
      done();
    };
    return Promise.all(this.options.subscriptions.map((f) => new Promise<void>((resolve) => this.aedes.subscribe(f, deliver, resolve)))).then(() => undefined);
  }

  publish(topic: string, payload: string | Buffer, options: PublishOptions): Promise<void> {
    if (this.state !== 'running') return Promise.reject(new Error(`embedded broker is ${this.state}; cannot publish`));
    return new Promise((resolve, reject) =>
      this.aedes.publish(
        { cmd: 'publish', topic, payload: Buffer.isBuffer(payload) ? payload : Buffer.from(payload), qos: options.qos, retain: options.retain, dup: false },
        (err) => (err ? reject(err) : resolve()),
      ),
    );
  }

  brokerUrl(): string {
    const { host } = this.options;
    // A wildcard bind address is not an address to connect to; loopback reaches it from this machine.
    const reachable = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    return `mqtt://${reachable}:${this.boundPort || this.options.port}`;
  }

  health(): BrokerHealth {
    const listening = this.state === 'running' && this.server.listening;
    return {
      mode: 'embedded',
      url: this.brokerUrl(),
      // The centre is subscribed inside the broker, so it is connected exactly while the broker listens.
      connected: listening,
      reconnects: 0,
      embedded: { listening, port: this.boundPort, connectedClients: this.aedes.connectedClients },
    };
  }

  stop(): Promise<void> {
    this.stopping ??= this.close();
    return this.stopping;
  }

  private async close(): Promise<void> {
    const wasRunning = this.state === 'running';
    this.state = 'stopped';
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.inbound.complete();
    if (wasRunning) log.info('embedded MQTT broker stopped');
  }
}
