/**
 * Watches every plan on the broker with its sender (the `arterial-sender` MQTT 5 user property clustered
 * processors put on their publishes), for failover measurements: who planned which junction, under which epoch, when.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { buildTopic, parseTopic } from '@arterial/contracts/mqtt/v1';

export interface SeenPlan {
  junctionId: string;
  leaseEpoch: number | undefined;
  /** MQTT client id of the sending instance (`arterial-processor-<INSTANCE_ID>`). */
  sender: string | undefined;
  /** Wall clock at arrival, epoch ms. */
  at: number;
}

export class PlanWatcher {
  readonly plans: SeenPlan[] = [];

  private constructor(private readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) => {
      const parsed = parseTopic(topic);
      if (parsed?.kind !== 'plan') return;
      const plan = JSON.parse(payload.toString('utf8')) as { leaseEpoch?: number };
      const sender = packet.properties?.userProperties?.['arterial-sender'];
      this.plans.push({ junctionId: parsed.deviceId, leaseEpoch: plan.leaseEpoch, sender: Array.isArray(sender) ? sender.join(',') : sender, at: Date.now() });
    });
  }

  static async connect(mqttUrl: string, clientId: string): Promise<PlanWatcher> {
    const client = await mqtt.connectAsync(mqttUrl, { protocolVersion: 5, clientId, reconnectPeriod: 0 });
    const watcher = new PlanWatcher(client);
    // buildTopic refuses wildcards as ids: build one topic and put the wildcard in its id level.
    await client.subscribeAsync(buildTopic('plan', 'ANY').replace('/ANY/', '/+/'), { qos: 1 });
    return watcher;
  }

  /** Distinct senders seen so far. */
  senders(): Set<string | undefined> {
    return new Set(this.plans.map((p) => p.sender));
  }

  /** Who sent the junction's latest plan. */
  lastSender(junctionId: string): string | undefined {
    for (let i = this.plans.length - 1; i >= 0; i -= 1) if (this.plans[i]!.junctionId === junctionId) return this.plans[i]!.sender;
    return undefined;
  }

  /** When `sender` had planned every one of `junctionIds` at or after `sinceMs`: the latest of those first plans; else undefined. */
  allPlannedBy(junctionIds: readonly string[], sender: string, sinceMs: number): number | undefined {
    let latest = sinceMs;
    for (const j of junctionIds) {
      const first = this.plans.find((p) => p.junctionId === j && p.at >= sinceMs && p.sender === sender);
      if (!first) return undefined;
      latest = Math.max(latest, first.at);
    }
    return latest;
  }

  /** `junction@epoch` keys that were sent by more than one instance (fencing broken); empty when all is well. */
  epochsWithTwoSenders(): string[] {
    const senders = new Map<string, Set<string | undefined>>();
    for (const p of this.plans) {
      const key = `${p.junctionId}@${p.leaseEpoch}`;
      senders.set(key, (senders.get(key) ?? new Set()).add(p.sender));
    }
    return [...senders].filter(([, s]) => s.size > 1).map(([k]) => k);
  }

  close(): Promise<void> {
    return this.client.endAsync();
  }
}
