/**
 * A broker and the centre's connection to it in one object, for unit tests and replay: no sockets, no
 * timers. It routes by MQTT topic filter between the centre's subscriptions and "devices" driven through
 * deliverFromDevice / subscribeAsDevice, keeps retained messages, and records what the centre published.
 */
import { Subject } from 'rxjs';
import { systemClock, type Clock } from '../clock/clock';
import type { BrokerConnection, BrokerHealth, InboundMessage, PublishOptions } from './broker-connection';
import { ParsedInboundMessage } from '../ingest/parsed-inbound-message';
import { matchesAny, topicMatchesFilter } from './topic-filter';

export interface RoutedMessage {
  topic: string;
  payload: Buffer;
  qos: 0 | 1;
  /** Set on retained messages handed to a subscription when it is made. */
  retain: boolean;
}

export interface InMemoryBrokerOptions {
  subscriptions: readonly string[];
  clock?: Clock;
}

type State = 'idle' | 'running' | 'stopped';

/** Topics whose match against the centre's subscriptions is remembered (replay repeats a few hundred device topics). */
const MAX_CACHED_TOPICS = 10_000;

interface DeviceSubscription {
  filter: string;
  qos: 0 | 1;
  listener: (message: RoutedMessage) => void;
}

export class InMemoryBrokerConnection implements BrokerConnection {
  private readonly inbound = new Subject<InboundMessage>();
  private readonly retained = new Map<string, RoutedMessage>();
  private readonly devices = new Set<DeviceSubscription>();
  private readonly centreMatches = new Map<string, boolean>();
  private readonly clock: Clock;
  private state: State = 'idle';

  /** Everything the centre published, in order. */
  readonly published: Array<{ topic: string; payload: Buffer } & PublishOptions> = [];
  readonly messages$ = this.inbound.asObservable();

  constructor(private readonly options: InMemoryBrokerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  async start(): Promise<void> {
    if (this.state !== 'idle') throw new Error(`in-memory broker connection cannot start: it is ${this.state}`);
    this.state = 'running';
    // A fresh session receives the retained messages its subscriptions match, as on a real broker.
    for (const message of [...this.retained.values()]) this.toCentre(message);
  }

  async publish(topic: string, payload: string | Buffer, options: PublishOptions): Promise<void> {
    if (this.state !== 'running') throw new Error(`in-memory broker connection is ${this.state}; cannot publish`);
    const bytes = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
    this.published.push({ topic, payload: bytes, ...options });
    this.route({ topic, payload: bytes, qos: options.qos, retain: options.retain });
  }

  /** A device publishes: the broker keeps it if retained and forwards it to every matching subscription. */
  deliverFromDevice(topic: string, payload: string | Buffer, options: PublishOptions = { qos: 1, retain: false }): void {
    this.route({ topic, payload: Buffer.isBuffer(payload) ? payload : Buffer.from(payload), qos: options.qos, retain: options.retain });
  }

  /**
   * A device publishes (QoS 1, not retained) a payload the caller has parsed already (replay parses each recorded line
   * once): the centre gets the value, which ingest validates as it validates text. `payloadBytesAtMost`: not fewer
   * UTF-8 bytes than the payload text has. Device subscribers, if any, get the text as from `deliverFromDevice`.
   */
  deliverParsedFromDevice(topic: string, value: unknown, payloadBytesAtMost: number): void {
    if (this.devices.size > 0) {
      this.deliverFromDevice(topic, JSON.stringify(value));
      return;
    }
    if (this.state !== 'running' || !this.centreSubscribes(topic)) return;
    this.inbound.next(new ParsedInboundMessage(topic, value, payloadBytesAtMost, this.clock.now()));
  }

  /** A device subscribes; matching retained messages arrive at once. Returns the unsubscribe function. */
  subscribeAsDevice(filter: string, listener: (message: RoutedMessage) => void, qos: 0 | 1 = 1): () => void {
    const subscription: DeviceSubscription = { filter, qos, listener };
    this.devices.add(subscription);
    for (const message of [...this.retained.values()]) {
      if (topicMatchesFilter(filter, message.topic)) listener({ ...message, qos: Math.min(message.qos, qos) as 0 | 1, retain: true });
    }
    return () => this.devices.delete(subscription);
  }

  brokerUrl(): string {
    return 'memory://in-process';
  }

  health(): BrokerHealth {
    // In-process like the embedded broker; the URL tells the two apart.
    return { mode: 'in-memory', url: this.brokerUrl(), connected: this.state === 'running', reconnects: 0 };
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.inbound.complete();
  }

  private route(message: RoutedMessage): void {
    if (message.retain) {
      // MQTT: an empty retained payload clears the topic's retained message.
      if (message.payload.length === 0) this.retained.delete(message.topic);
      else this.retained.set(message.topic, { ...message, retain: true });
    }
    // Live subscribers get the message as published, not flagged retained (MQTT 3.1.1 §3.3.1.3).
    const live = { ...message, retain: false };
    this.toCentre(live);
    for (const device of [...this.devices]) {
      if (topicMatchesFilter(device.filter, message.topic)) device.listener({ ...live, qos: Math.min(message.qos, device.qos) as 0 | 1 });
    }
  }

  private toCentre(message: RoutedMessage): void {
    if (this.state !== 'running' || !this.centreSubscribes(message.topic)) return;
    this.inbound.next({ topic: message.topic, payload: message.payload, receivedAt: this.clock.now() });
  }

  private centreSubscribes(topic: string): boolean {
    let matches = this.centreMatches.get(topic);
    if (matches === undefined) {
      matches = matchesAny(this.options.subscriptions, topic);
      if (this.centreMatches.size >= MAX_CACHED_TOPICS) this.centreMatches.clear();
      this.centreMatches.set(topic, matches);
    }
    return matches;
  }
}
