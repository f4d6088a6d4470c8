/** The centre's session on an external MQTT broker (MQTT_URL): one persistent QoS 1 session, messages out as a stream. */
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { Subject } from 'rxjs';
import type { Clock } from '../clock/clock';
import type { InboundWal } from '../durability/inbound-wal';
import { createLogger } from '../logging/logger';
import type { BrokerConnection, BrokerHealth, InboundMessage, PublishOptions } from './broker-connection';

const log = createLogger('mqtt-connection');

export interface ExternalBrokerOptions {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  subscriptions: readonly string[];
  /**
   * MQTT 5 shared-subscription group (MQTT_SHARED_GROUP): device topics are subscribed as `$share/<group>/…`, so
   * the broker hands each message to one instance of the group, which stores it. Absent: MQTT 3.1.1, plain filters.
   */
  sharedGroup?: string;
  /**
   * With sharedGroup: also hold a plain QoS 0 subscription of the same topics, so every instance sees every message
   * for its live state, control and acks (copies marked `live`; the shared ones `store`). docs/cluster.md has the cost.
   */
  liveSubscription?: boolean;
  /** MQTT 5 session expiry (s): how long the broker keeps the session and queues for it while the instance is away. */
  sessionExpiryS?: number;
  /**
   * Inbound WAL in `after-write` mode: every QoS 1 copy that is stored (the shared one, or every message without
   * sharedGroup) is written to it before its PUBACK, and what it holds after its checkpoint is replayed at start.
   */
  wal?: InboundWal;
  clock: Clock;
}

/** Subscription identifiers (MQTT 5) telling the shared copy of a message from the live one. */
const SHARED_SUBSCRIPTION_ID = 1;
const LIVE_SUBSCRIPTION_ID = 2;
const DEFAULT_SESSION_EXPIRY_S = 24 * 3600;

export class ExternalBrokerConnection implements BrokerConnection {
  private client: MqttClient | undefined;
  private readonly inbound = new Subject<InboundMessage>();
  private reconnects = 0;
  private lastError: string | undefined;
  private stopping: Promise<void> | undefined;
  /** Deliveries whose WAL write failed: their PUBACK is withheld (handleMessage), so the broker keeps them. */
  private readonly unlogged = new WeakMap<IPublishPacket, Error>();
  private walRefusals = 0;

  readonly messages$ = this.inbound.asObservable();

  constructor(private readonly options: ExternalBrokerOptions) {}

  /** Connects and subscribes; resolves on the first successful subscription, keeps reconnecting afterwards. */
  async start(): Promise<void> {
    if (this.client || this.stopping) throw new Error('external broker connection is started once');
    const { url, clientId, username, password, clock, sharedGroup, wal } = this.options;
    const split = sharedGroup !== undefined && this.options.liveSubscription === true;
    // Before the session resumes: what an earlier process acknowledged but may not have stored goes to ingest first.
    if (wal) this.replayWal(wal, split);
    const client = mqtt.connect(url, {
      clientId,
      username,
      password,
      // A persistent session: the broker queues QoS 1 messages while the processor is away.
      clean: false,
      ...(sharedGroup
        ? { protocolVersion: 5 as const, properties: { sessionExpiryInterval: this.options.sessionExpiryS ?? DEFAULT_SESSION_EXPIRY_S } }
        : { protocolVersion: 4 as const }),
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      keepalive: 30,
    });
    this.client = client;
    // mqtt.js emits 'message', then calls handleMessage and sends the PUBACK once that calls back, both for one packet
    // at a time. The WAL write happens in the 'message' listener, synchronously, so before the PUBACK.
    client.handleMessage = (packet, done) => {
      const refused = this.unlogged.get(packet);
      this.unlogged.delete(packet);
      done(refused);
    };
    client.on('message', (topic, payload, packet) => {
      const receivedAt = clock.now();
      if (!split) {
        this.deliverStored(packet, { topic, payload, receivedAt });
        return;
      }
      // A broker may send one copy for both subscriptions, naming both identifiers (MQTT 5 §3.3.4).
      const ids = ([] as number[]).concat(packet.properties?.subscriptionIdentifier ?? []);
      if (ids.includes(SHARED_SUBSCRIPTION_ID)) this.deliverStored(packet, { topic, payload, receivedAt, path: 'store' });
      if (ids.includes(LIVE_SUBSCRIPTION_ID)) this.inbound.next({ topic, payload, receivedAt, path: 'live' });
    });
    client.on('reconnect', () => {
      this.reconnects += 1;
      log.warn({ url }, 'reconnecting to MQTT broker');
    });
    client.on('error', (err) => {
      this.lastError = err.message;
      log.error({ err: err.message }, 'MQTT client error');
    });
    client.on('offline', () => log.warn('MQTT client offline'));
    client.on('connect', (connack) => {
      if (connack.sessionPresent === false) log.info('broker started a new session');
    });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', (connack) => {
        // With a resumed session the broker still has our subscriptions; subscribing again is harmless.
        this.subscribeAll(client)
          .then((filters) => {
            log.info({ url, sessionPresent: connack.sessionPresent, filters }, 'subscribed');
            resolve();
          })
          .catch(reject);
      });
    });
  }

  /**
   * A copy ingest stores. With a WAL, a QoS 1 one is written to it first and handed on in log order (ingest's intake
   * is then a prefix of the log, which the checkpoint relies on); if the write fails it is not handed on and its
   * PUBACK is withheld: the broker keeps it for the session and delivers it again after a reconnect. QoS 0 copies
   * promise nothing and are never logged.
   */
  private deliverStored(packet: IPublishPacket, message: InboundMessage): void {
    const { wal } = this.options;
    if (!wal || packet.qos === 0) return this.inbound.next(message);
    let lsn: number;
    try {
      lsn = wal.appendWritten(message);
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      this.unlogged.set(packet, err);
      this.walRefusals += 1;
      this.lastError = `WAL: ${err.message}`;
      // Once per failure and then every 1,000: a broken log refuses every message from then on.
      if (this.walRefusals % 1000 === 1) log.error({ err: err.message, refused: this.walRefusals }, 'message not written to the WAL: not acknowledged, the broker keeps it');
      return;
    }
    this.inbound.next(message);
    wal.markDelivered(lsn);
  }

  /** Hands ingest the WAL's records after the checkpoint (stored copies: only stored again, identical points). */
  private replayWal(wal: InboundWal, split: boolean): void {
    wal.open();
    let replayed = 0;
    for (const { lsn, message } of wal.replay()) {
      this.inbound.next(split ? { ...message, path: 'store' } : message);
      wal.markDelivered(lsn);
      replayed += 1;
    }
    const stats = wal.stats();
    log.info({ dir: wal.dir, replayed, checkpoint: stats.checkpointLsn, durable: stats.durableLsn }, replayed > 0 ? 'WAL replayed into ingest' : 'WAL open');
  }

  /** The shared (or plain) QoS 1 subscription, and with liveSubscription the plain QoS 0 one beside it. */
  private async subscribeAll(client: MqttClient): Promise<string[]> {
    const { subscriptions, sharedGroup, liveSubscription } = this.options;
    if (!sharedGroup) {
      await client.subscribeAsync([...subscriptions], { qos: 1 });
      return [...subscriptions];
    }
    const shared = subscriptions.map((t) => `$share/${sharedGroup}/${t}`);
    refusedGrants(await client.subscribeAsync(shared, { qos: 1, properties: { subscriptionIdentifier: SHARED_SUBSCRIPTION_ID } }));
    if (!liveSubscription) return shared;
    refusedGrants(await client.subscribeAsync([...subscriptions], { qos: 0, properties: { subscriptionIdentifier: LIVE_SUBSCRIPTION_ID } }));
    return [...shared, ...subscriptions];
  }

  async publish(topic: string, payload: string | Buffer, options: PublishOptions): Promise<void> {
    const client = this.client;
    if (!client || this.stopping) throw new Error('external broker connection is not started');
    // In a cluster (MQTT 5) every publish names its instance, so operators (and the failover test) can tell which
    // instance sent a plan; brokers forward user properties to subscribers unchanged.
    const sender = this.options.sharedGroup ? { properties: { userProperties: { 'arterial-sender': this.options.clientId } } } : {};
    await client.publishAsync(topic, payload, { qos: options.qos, retain: options.retain, ...sender });
  }

  brokerUrl(): string {
    return this.options.url;
  }

  health(): BrokerHealth {
    return {
      mode: 'external',
      url: this.options.url,
      connected: !this.stopping && (this.client?.connected ?? false),
      reconnects: this.reconnects,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  stop(): Promise<void> {
    this.stopping ??= this.close();
    return this.stopping;
  }

  private async close(): Promise<void> {
    // Graceful: in-flight QoS 1 publishes finish, and the broker keeps the session for the next start.
    await this.client?.endAsync();
    await this.options.wal?.close();
    this.inbound.complete();
  }
}

/** A SUBACK code of 0x80 or more refuses the filter (e.g. a broker without shared subscriptions): fail loudly at start. */
function refusedGrants(grants: ReadonlyArray<{ topic: string; qos: number }>): void {
  const refused = grants.filter((g) => g.qos >= 0x80).map((g) => g.topic);
  if (refused.length > 0) throw new Error(`broker refused subscriptions: ${refused.join(', ')}`);
}
