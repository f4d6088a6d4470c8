/**
 * A well-behaved device beside the fuzzer: it publishes valid measurements at QoS 1 and subscribes to its
 * own topic, so each message's round trip through the broker measures whether other clients are affected.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { buildTopic } from '@arterial/contracts/mqtt/v1';
import { validPayload } from '@arterial/contracts/testing';

export interface SentinelReport {
  sent: number;
  /** PUBACKs received for what was sent. */
  acked: number;
  /** Own messages delivered back by the broker. */
  received: number;
  /** Publish-to-delivery round trips, ms, in order. */
  latenciesMs: number[];
}

export class SentinelClient {
  private client: MqttClient | undefined;
  private timer: NodeJS.Timeout | undefined;
  private seq = 0;
  private readonly sentAt = new Map<number, number>();
  readonly report: SentinelReport = { sent: 0, acked: 0, received: 0, latenciesMs: [] };
  readonly topic: string;

  constructor(
    private readonly url: string,
    readonly detectorId: string,
    private readonly intervalMs: number,
  ) {
    this.topic = buildTopic('measurement', detectorId);
  }

  async start(): Promise<void> {
    this.client = await mqtt.connectAsync(this.url, { clientId: `sentinel-${this.detectorId}`, clean: true, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000 });
    this.client.on('message', (_topic, payload) => {
      const { seq } = JSON.parse(payload.toString()) as { seq: number };
      const sentAt = this.sentAt.get(seq);
      if (sentAt === undefined) return;
      this.sentAt.delete(seq);
      this.report.received += 1;
      this.report.latenciesMs.push(Date.now() - sentAt);
    });
    await this.client.subscribeAsync(this.topic, { qos: 1 });
    this.timer = setInterval(() => this.publishOne(), this.intervalMs);
  }

  private publishOne(): void {
    const client = this.client!;
    const seq = this.seq++;
    const now = Date.now();
    this.sentAt.set(seq, now);
    this.report.sent += 1;
    const payload = JSON.stringify({ ...validPayload('measurement', now), seq, ts: now });
    client.publish(this.topic, payload, { qos: 1 }, (err) => {
      if (!err) this.report.acked += 1;
    });
  }

  /** Messages sent but not yet delivered back. */
  outstanding(): number {
    return this.sentAt.size;
  }

  /** Longest a sent message has waited so far (0 when none is outstanding). */
  oldestOutstandingMs(): number {
    let oldest = 0;
    const now = Date.now();
    for (const at of this.sentAt.values()) oldest = Math.max(oldest, now - at);
    return oldest;
  }

  stopPublishing(): void {
    clearInterval(this.timer);
  }

  async close(): Promise<void> {
    this.stopPublishing();
    // Forced: after a crash the broker is gone and a polite end would wait for it forever.
    await this.client?.endAsync(true);
  }
}
