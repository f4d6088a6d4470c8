/**
 * The processor's clock in an evaluation: a virtual clock that follows the simulation. SUMO runs many times faster
 * than real time, so on the wall clock the engine would plan once or twice a run; on this clock estimation, the
 * engine and every other ticker see simulated time, as in replay. The clock moves to each state message's `ts` of one
 * light (every light publishes its state each simulated second, stamped with the run's epoch mapping), read by a
 * client of the processor's own broker.
 */
import mqtt from 'mqtt';
import { buildTopic } from '@arterial/contracts/mqtt/v1';
import type { VirtualClock } from '@arterial/processor';

export interface ClockFollower {
  stop(): Promise<void>;
}

export async function followSimulationClock(o: { mqttUrl: string; intersectionId: string; clock: VirtualClock; clientId: string }): Promise<ClockFollower> {
  const client = await mqtt.connectAsync(o.mqttUrl, { protocolVersion: 4, clientId: o.clientId, reconnectPeriod: 1000 });
  client.on('message', (_topic, payload) => {
    const ts = tsOf(payload);
    if (ts !== undefined) o.clock.advanceTo(ts);
  });
  await client.subscribeAsync(buildTopic('state', o.intersectionId), { qos: 0 });
  return {
    async stop() {
      await client.endAsync();
    },
  };
}

function tsOf(payload: Buffer): number | undefined {
  try {
    const ts = (JSON.parse(payload.toString('utf8')) as { ts?: unknown }).ts;
    return typeof ts === 'number' && Number.isFinite(ts) ? ts : undefined;
  } catch {
    return undefined;
  }
}
