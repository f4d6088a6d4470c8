/**
 * Durable acknowledgement under a crash: the real processor takes QoS 1 measurements under load, is killed with
 * SIGKILL mid-load and restarted on the same WAL folder and ports while the detectors keep publishing (their
 * persistent sessions resend what was never acknowledged). Afterwards every acknowledged seq is in InfluxDB exactly
 * once, and the live state (a controller's status) was back the moment the processor answered again.
 */
import mqtt from 'mqtt';
import { buildTopic } from '@arterial/contracts/mqtt/v1';
import { waitFor } from '../support/wait-for';
import { checkStoredOnce, DetectorLoad, ProcessorChild, useFaultScene, waitForStored } from './fault-harness';

const DB = 'fault_sigkill';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SIGKILL under load', () => {
  const scene = useFaultScene('sigkill');

  it('loses no acknowledged measurement and stores none twice', async () => {
    const { dir, influx } = scene;
    const processor = (scene.processor = await ProcessorChild.create(dir, influx, DB));
    await processor.start();
    const load = (scene.load = new DetectorLoad(processor.mqttUrl, Array.from({ length: 120 }, (_, i) => `fault-det-${i}`)));
    await load.connect('fault-sigkill');
    const controller = await mqtt.connectAsync(processor.mqttUrl, { clientId: 'fault-int-1', clean: true, reconnectPeriod: 0 });
    await controller.publishAsync(buildTopic('status', 'fault-int-1'), JSON.stringify({ online: true, firmware: 'fault-fw-7', faults: ['cabinet-door'], ts: Date.now() }), { qos: 1, retain: true });
    await controller.endAsync(true);
    load.run(1500);

    // Longer than the live-state snapshot period, so the status is in a snapshot or in the WAL after its checkpoint.
    await sleep(6000);
    const ackedBeforeKill = load.ackedCount;
    await processor.kill();
    await sleep(500);
    await processor.start();
    const live = await waitFor(() => fetch(`http://127.0.0.1:${processor.httpPort}/api/intersections/fault-int-1`).then((r) => (r.ok ? (r.json() as Promise<{ live: unknown }>) : undefined)), {
      timeoutMs: 10_000,
      what: 'intersection after restart',
    });
    expect(live.live).toMatchObject({ online: true, firmware: 'fault-fw-7', faults: ['cabinet-door'] });
    await sleep(5000);
    load.stopPublishing();
    await load.waitForAllAcks(30_000);

    await waitForStored(influx, DB, load, 20_000);
    const result = await checkStoredOnce(influx, DB, load);
    expect(ackedBeforeKill).toBeGreaterThan(1000);
    expect(result.missing).toEqual([]);
    expect(result.duplicated).toEqual([]);
    expect(result.stored).toBe(result.acknowledged);
    expect(result.acknowledged).toBe(load.sent);
  }, 90_000);
});
