/**
 * Reproductions of what the MQTT fuzzer found in the embedded broker (docs/fuzzing.md), each against the
 * whole processor. Both pass once services/processor/src/broker/broker-input-guard.ts is wired into the
 * broker's authorizePublish and authorizeSubscribe hooks.
 * - A topic of more than 100 levels (PUBLISH, SUBSCRIBE filter or last will) makes aedes' matcher throw
 *   `too many words` outside any try: an uncaught exception that ends the processor.
 * - QoS 2 PUBLISHes never released (no PUBREL) stay in aedes' persistence after a clean session ends.
 */
import mqtt from 'mqtt';
import { generate } from 'mqtt-packet';
import type { RunningProcessor } from '@arterial/processor';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { mib, settledMemory } from './memory-gauge';
import { runRawSession } from './raw-session';

const deep = (levels: number) => Array.from({ length: levels }, (_, i) => `l${i}`).join('/');

describe('embedded broker findings of the MQTT fuzzer', () => {
  let platform: TestPlatform;
  let processor: RunningProcessor;
  const uncaught: unknown[] = [];
  const record = (err: unknown) => uncaught.push(err);

  beforeAll(async () => {
    process.on('uncaughtException', record);
    platform = await createTestPlatform('broker-findings');
    processor = await platform.startProcessor({ env: { MQTT_ALLOW_ANONYMOUS: 'true' } });
  });

  afterAll(async () => {
    await platform?.dispose();
    process.off('uncaughtException', record);
  });

  it.each([
    ['publish', (client: mqtt.MqttClient) => client.publish(deep(101), 'x', { qos: 1 })],
    ['subscribe', (client: mqtt.MqttClient) => client.subscribe(deep(101), { qos: 1 }, () => undefined)],
    ['will', (client: mqtt.MqttClient) => client.end(true)],
  ] as const)('a 101-level topic in a %s is refused without taking the processor down', async (_what, act) => {
    const client = await mqtt.connectAsync(processor.mqttUrl, { reconnectPeriod: 0, will: { topic: deep(101), payload: Buffer.from('gone'), qos: 0, retain: false } });
    client.on('error', () => undefined);
    act(client);
    await new Promise((r) => setTimeout(r, 300));
    client.end(true);

    const health = await fetch(`${processor.httpUrl}/api/health`);
    expect({ uncaught, health: health.status }).toEqual({ uncaught: [], health: 200 });
    const other = await mqtt.connectAsync(processor.mqttUrl, { reconnectPeriod: 0 });
    await other.endAsync();
  });

  it('QoS 2 publishes left without PUBREL are not kept after their clean sessions end', async () => {
    const port = Number(new URL(processor.mqttUrl).port);
    const before = await settledMemory();
    // 600 clean sessions, each leaving 10 unreleased 10 KB messages: 57 MiB if the broker keeps them. The processor
    // shares this process and allocates on its own meanwhile (an estimation step, prediction arrays: up to ~13 MiB
    // seen), so the leak must stand well clear of that.
    for (let session = 0; session < 600; session++) {
      const connect = generate({ cmd: 'connect', clientId: `qos2-${session}`, clean: true, keepalive: 60, protocolId: 'MQTT', protocolVersion: 4 });
      const publishes = Array.from({ length: 10 }, (_, i) =>
        generate({ cmd: 'publish', topic: `fuzz/qos2/${session}`, payload: Buffer.alloc(10_000, 'q'), qos: 2, retain: false, dup: false, messageId: i + 1 }),
      );
      await runRawSession({ port, head: [connect, ...publishes], tail: [], waitMs: 2000, tailWaitMs: 100 });
    }
    await new Promise((r) => setTimeout(r, 500));
    const after = await settledMemory();
    const retainedMiB = mib(after.heapUsedBytes + after.arrayBuffersBytes - before.heapUsedBytes - before.arrayBuffersBytes);
    expect(retainedMiB).toBeLessThan(24);
  });
});
