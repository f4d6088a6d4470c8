/**
 * The embedded MQTT broker (aedes over TCP, and TLS when certificates are configured), used when no external
 * broker (MQTT_URL) is configured. The centre subscribes inside the broker process rather than over an MQTT
 * session of its own. Every device CONNECT, PUBLISH and SUBSCRIBE is put to the DeviceAccessPolicy; refusals
 * are counted and emitted on refusals$ (recorded as dead letters by the broker module).
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { createBroker, type AuthenticateError, type Client, type PublishPacket, type default as Aedes } from 'aedes';
import { Subject } from 'rxjs';
import type { DeviceAccessPolicy, ConnectionIdentity, RefusalReason } from '../auth/devices/device-access.policy';
import type { PublishGate } from '../backpressure/publish-gate';
import type { Clock } from '../clock/clock';
import type { InboundWal } from '../durability/inbound-wal';
import { createLogger } from '../logging/logger';
import type { BrokerConnection, BrokerHealth, InboundMessage, PublishOptions } from './broker-connection';
import { publishProblem, subscriptionProblem } from './broker-input-guard';
import { limitReadAhead } from './device-read-buffer';
import { matchesAny } from './topic-filter';

const log = createLogger('embedded-broker');

/** Topic levels that are empty (`a//b`, `a/b/`): aedes' persistent-session store cannot deliver them. */
const EMPTY_LEVEL = /(^|\/)(\/|$)/;
/** Where such messages are parked: nothing subscribes here, so the broker forwards them nowhere. */
const QUARANTINE_TOPIC = 'arterial/quarantine';

export interface EmbeddedBrokerTls {
  /** 0 picks a free port. */
  port: number;
  certFile: string;
  keyFile: string;
  caFile: string | undefined;
  /** Mutual TLS: a client without a certificate signed by caFile is refused; the certificate's CN names the device. */
  requireClientCert: boolean;
}

export interface EmbeddedBrokerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  subscriptions: readonly string[];
  clock: Clock;
  access: DeviceAccessPolicy;
  /** Connections beyond this (TCP and TLS together) are closed at once. Default unlimited. */
  maxClients?: number;
  tls?: EmbeddedBrokerTls;
  /** Inbound WAL: a QoS 1 message for the centre is acknowledged only once logged durably (docs/storage.md). */
  wal?: InboundWal;
}

/** One refused CONNECT, PUBLISH or SUBSCRIBE. */
export interface AccessRefusal {
  at: number;
  action: 'connect' | 'publish' | 'subscribe';
  /** Username (device name) or, without one, the client id. */
  device: string;
  /** The topic or filter concerned; empty for a CONNECT without will. */
  topic: string;
  reason: RefusalReason;
  detail: string;
}

type WillCarrier = { _will?: { topic: string } | null };

function authError(message: string, returnCode: 4 | 5): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

/** The verified client certificate's common name, on a TLS connection that presented one. */
function certificateName(client: Client): string | undefined {
  const socket = client.conn;
  if (!(socket instanceof tls.TLSSocket) || !socket.authorized) return undefined;
  const cn = socket.getPeerCertificate().subject?.CN;
  return typeof cn === 'string' ? cn : Array.isArray(cn) ? cn[0] : undefined;
}

type State = 'idle' | 'running' | 'stopped';

export class EmbeddedBrokerConnection implements BrokerConnection {
  private readonly aedes: Aedes;
  private readonly server: net.Server;
  private readonly tlsServer: tls.Server | undefined;
  private readonly inbound = new Subject<InboundMessage>();
  private readonly refused = new Subject<AccessRefusal>();
  private readonly identities = new WeakMap<Client, ConnectionIdentity>();
  private boundPort = 0;
  private boundTlsPort = 0;
  private state: State = 'idle';
  private stopping: Promise<void> | undefined;

  /** Messages parked because of an empty topic level since start. */
  quarantined = 0;

  /** Payloads ingest got from the WAL path; the in-process subscription skips them (aedes keeps the payload object). */
  private readonly loggedPayloads = new WeakSet<Buffer>();
  private readonly centreTopics = new Map<string, boolean>();

  private publishGate: PublishGate | undefined;

  /** Refusals since start, by action (connections over the limit count as connect). */
  readonly refusedCounts = { connect: 0, publish: 0, subscribe: 0 };

  readonly messages$ = this.inbound.asObservable();
  readonly refusals$ = this.refused.asObservable();

  constructor(private readonly options: EmbeddedBrokerOptions) {
    this.aedes = createBroker({
      id: 'arterial-embedded',
      maxClientsIdLength: 128,
      authenticate: (client, username, password, done) => {
        void this.authenticate(client, username, password).then((err) => done(err, err === null));
      },
      authorizeSubscribe: (client, subscription, callback) => {
        // Input the broker itself cannot take (broker-input-guard.ts) is refused before any rule or match runs.
        const problem = subscriptionProblem(subscription.topic);
        if (problem) {
          this.refuse(client, 'subscribe', subscription.topic.slice(0, 256), 'unauthorised', problem);
          return callback(null, null);
        }
        const decision = this.options.access.authoriseSubscribe(this.identityOf(client), subscription.topic);
        if (decision.allowed) return callback(null, subscription);
        this.refuse(client, 'subscribe', subscription.topic, decision.reason, decision.detail);
        // No subscription, no error: the SUBACK says 0x80 for this filter and the connection stays up.
        callback(null, null);
      },
      authorizePublish: (client, packet, callback) => {
        if (client) {
          const problem = publishProblem(packet);
          if (problem) {
            this.refuse(client, 'publish', packet.topic.slice(0, 256), 'unauthorised', problem);
            return callback(new Error(problem));
          }
          const decision = this.options.access.authorisePublish(this.identityOf(client), packet.topic, packet.payload.length);
          if (!decision.allowed) {
            this.refuse(client, 'publish', packet.topic, decision.reason, decision.detail);
            // MQTT 3.1.1 has no negative PUBACK: the connection closes, the message is neither acknowledged nor sent on.
            return callback(new Error(decision.detail));
          }
          // Back-pressure (backpressure/publish-gate.ts): while the gate is closed a QoS 1 publish is held before it
          // is logged or ingested (no PUBACK, no further reads from that socket) and a QoS 0 message is parked, i.e. shed.
          const gate = this.publishGate;
          if (gate) return gate.admit(packet, (done) => this.forwardPublish(client, packet, done), callback, () => (packet.topic = QUARANTINE_TOPIC));
        }
        this.forwardPublish(client, packet, callback);
      },
    });
    this.aedes.on('clientError', (client, err) => log.debug({ clientId: client.id, err: err.message }, 'client error'));
    this.server = net.createServer((socket) => this.handleDevice(socket));
    this.tlsServer = options.tls ? this.createTlsServer(options.tls) : undefined;
    for (const server of [this.server, this.tlsServer]) {
      if (!server) continue;
      if (options.maxClients !== undefined) server.maxConnections = options.maxClients;
      server.on('drop', (socket) => this.refuse(null, 'connect', '', 'unauthorised', `connection limit (${options.maxClients}) reached; ${socket?.remoteAddress ?? 'client'} dropped`));
    }
  }

  /**
   * The rest of an authorised publish's path: aedes' in-memory persistence fails the PUBACK of a message with an
   * empty topic level to a persistent subscriber and drops that subscriber's connection; one bad device could knock
   * the centre off repeatedly. Such topics are outside the contract anyway: park them, and hand the centre the ones
   * it subscribes to so ingest can still reject and dead-letter them. QoS 1 for the centre is logged before its PUBACK.
   */
  private forwardPublish(client: Client | null, packet: PublishPacket, callback: (error?: Error | null) => void): void {
    if (packet.topic.startsWith('arterial/') && EMPTY_LEVEL.test(packet.topic)) {
      this.quarantined += 1;
      if (this.state === 'running' && matchesAny(this.options.subscriptions, packet.topic)) {
        this.inbound.next({ topic: packet.topic, payload: Buffer.from(packet.payload), receivedAt: this.options.clock.now() });
      }
      packet.topic = QUARANTINE_TOPIC;
    }
    if (client && packet.qos > 0 && this.options.wal && this.state === 'running' && this.isCentreTopic(packet.topic)) {
      return this.logBeforeAck(this.options.wal, packet, callback);
    }
    callback(null);
  }

  private handleDevice(socket: net.Socket): void {
    limitReadAhead(socket);
    this.aedes.handle(socket);
  }

  private createTlsServer(options: EmbeddedBrokerTls): tls.Server {
    const server = tls.createServer(
      {
        cert: fs.readFileSync(options.certFile),
        key: fs.readFileSync(options.keyFile),
        ...(options.caFile ? { ca: fs.readFileSync(options.caFile) } : {}),
        requestCert: options.requireClientCert,
        rejectUnauthorized: options.requireClientCert,
      },
      (socket) => this.handleDevice(socket),
    );
    server.on('tlsClientError', (err) => log.debug({ err: err.message }, 'TLS handshake failed'));
    return server;
  }

  private isCentreTopic(topic: string): boolean {
    let matches = this.centreTopics.get(topic);
    if (matches === undefined) {
      // Remembered per topic (bounded): a fleet repeats a few thousand device topics at every message.
      if (this.centreTopics.size >= 20_000) this.centreTopics.clear();
      matches = matchesAny(this.options.subscriptions, topic);
      this.centreTopics.set(topic, matches);
    }
    return matches;
  }

  /**
   * Durable acknowledgement: aedes sends the PUBACK when this callback runs, so it runs only once the message is in
   * the WAL on disk. Ingest gets the message at that moment, in log order, so what it has taken is a prefix of the
   * log (the checkpoint's premise). A failed append refuses the message: no PUBACK, the device resends.
   */
  private logBeforeAck(wal: InboundWal, packet: { topic: string; payload: Buffer | string }, callback: (error?: Error | null) => void): void {
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    if (Buffer.isBuffer(packet.payload)) this.loggedPayloads.add(packet.payload);
    const message: InboundMessage = { topic: packet.topic, payload, receivedAt: this.options.clock.now() };
    wal.append(message, (err, lsn) => {
      if (err) return callback(err);
      try {
        this.inbound.next(message);
        wal.markDelivered(lsn);
      } finally {
        callback(null);
      }
    });
  }

  /** null when the CONNECT may proceed; else the CONNACK's error (4: bad credentials, 5: not authorised). */
  private async authenticate(client: Client, username: string | undefined, password: Buffer | undefined): Promise<AuthenticateError | null> {
    const { access } = this.options;
    try {
      const result = await access.authenticate({ username, password, certificateName: certificateName(client) });
      const will = (client as unknown as WillCarrier)._will;
      if (!result.ok) {
        this.refuse(client, 'connect', will?.topic ?? '', 'unauthorised', result.detail, username);
        return authError(result.detail, 4);
      }
      if (will) {
        const decision = access.authoriseWill(result.identity, will.topic);
        if (!decision.allowed) {
          this.refuse(client, 'connect', will.topic, decision.reason, decision.detail, username);
          return authError(decision.detail, 5);
        }
      }
      this.identities.set(client, result.identity);
      return null;
    } catch (err) {
      // A registry that cannot be read fails closed.
      log.error({ err, clientId: client.id }, 'authentication failed');
      return authError('authentication unavailable', 5);
    }
  }

  /** Undefined for a client that never authenticated here: the policy refuses it, never treats it as anonymous. */
  private identityOf(client: Client): ConnectionIdentity | undefined {
    return this.identities.get(client);
  }

  private refuse(client: Client | null, action: AccessRefusal['action'], topic: string, reason: RefusalReason, detail: string, username?: string): void {
    this.refusedCounts[action] += 1;
    const identity = client ? this.identities.get(client) : undefined;
    const device = identity?.kind === 'device' ? identity.actor.name : (username ?? client?.id ?? '');
    this.refused.next({ at: this.options.clock.now(), action, device, topic, reason, detail });
  }

  async start(): Promise<void> {
    if (this.state !== 'idle') throw new Error(`embedded broker cannot start: it is ${this.state}`);
    // Replay and subscribe before listening: a device reconnecting at once must not be acknowledged (or delivered)
    // before ingest is reachable and the WAL is taking appends.
    this.replayWal();
    await this.subscribeInProcess();
    this.state = 'running';
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address();
    this.boundPort = typeof address === 'object' && address ? address.port : this.options.port;
    if (this.tlsServer && this.options.tls) this.boundTlsPort = await listen(this.tlsServer, this.options.tls.port, this.options.host);
    const access = this.options.access.mode;
    log.info({ host: this.options.host, port: this.boundPort, ...(this.tlsServer ? { tlsPort: this.boundTlsPort } : {}), access }, 'embedded MQTT broker listening');
    const registry = this.options.access.registrySummary();
    if (registry.error) log.error({ registry: registry.file, err: registry.error }, 'device registry unreadable: no device can connect until it is fixed');
    else if (access === 'registry' && registry.activeDevices === 0) log.warn({ registry: registry.file }, 'device registry is empty: no device can connect (npm run device -- add …)');
    else log.info({ registry: registry.file, devices: registry.activeDevices }, 'devices authenticate against the registry');
    if (access === 'anonymous') {
      log.warn('MQTT_ALLOW_ANONYMOUS=true: ANY client may connect WITHOUT CREDENTIALS and publish on ANY topic, plans included. Development only.');
    }
  }

  /**
   * Hands ingest what an earlier process acknowledged but may not have stored (the WAL after its checkpoint), before
   * any device can connect. Replayed points are identical to the originals, so storing one twice changes nothing.
   */
  private replayWal(): void {
    const { wal } = this.options;
    if (!wal) return;
    wal.open();
    let replayed = 0;
    for (const { lsn, message } of wal.replay()) {
      this.inbound.next(message);
      wal.markDelivered(lsn);
      replayed += 1;
    }
    const stats = wal.stats();
    log.info({ dir: wal.dir, replayed, checkpoint: stats.checkpointLsn, durable: stats.durableLsn }, replayed > 0 ? 'WAL replayed into ingest' : 'WAL open');
  }

  /** Puts every device PUBLISH behind the back-pressure gate (BackpressureService attaches it at module init). */
  attachPublishGate(gate: PublishGate): void {
    this.publishGate = gate;
  }

  /** mqtts:// URL of the TLS listener, when one is configured. */
  tlsUrl(): string | undefined {
    return this.tlsServer ? this.brokerUrl().replace(/^mqtt:/, 'mqtts:').replace(/:\d+$/, `:${this.boundTlsPort}`) : undefined;
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
      if (Buffer.isBuffer(packet.payload) && this.loggedPayloads.delete(packet.payload)) return done();
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
      embedded: {
        listening,
        port: this.boundPort,
        connectedClients: this.aedes.connectedClients,
        auth: this.options.access.mode,
        ...(this.tlsServer ? { tlsPort: this.boundTlsPort } : {}),
        refused: { ...this.refusedCounts },
      },
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
    const tlsServer = this.tlsServer;
    if (tlsServer?.listening) await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
    await this.options.wal?.close();
    this.inbound.complete();
    this.refused.complete();
    if (wasRunning) log.info('embedded MQTT broker stopped');
  }
}

function listen(server: net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
