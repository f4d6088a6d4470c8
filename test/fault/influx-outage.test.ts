/**
 * Durable acknowledgement across a database outage: InfluxDB goes away under QoS 1 load, the processor keeps
 * acknowledging (the WAL checkpoints what reached its fsynced spool), is killed with SIGKILL while the database is
 * still down, restarts, and InfluxDB comes back. Every acknowledged seq ends up in InfluxDB exactly once.
 */
import { checkStoredOnce, DetectorLoad, ProcessorChild, useFaultScene, waitForStored } from './fault-harness';

const DB = 'fault_outage';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('InfluxDB outage (and SIGKILL during it) under load', () => {
  const scene = useFaultScene('outage');

  it('stores every acknowledged measurement exactly once', async () => {
    const { dir, influx } = scene;
    const processor = (scene.processor = await ProcessorChild.create(dir, influx, DB));
    await processor.start();
    const load = (scene.load = new DetectorLoad(processor.mqttUrl, Array.from({ length: 120 }, (_, i) => `outage-det-${i}`)));
    await load.connect('fault-outage');
    load.run(1500);

    await sleep(3000);
    await influx.stop();
    await sleep(4000);
    const ackedDuringOutage = load.ackedCount;
    await processor.kill();
    await processor.start();
    await sleep(3000);
    await influx.start();
    await sleep(3000);
    load.stopPublishing();
    await load.waitForAllAcks(30_000);

    await waitForStored(influx, DB, load, 30_000);
    const result = await checkStoredOnce(influx, DB, load);
    expect(ackedDuringOutage).toBeGreaterThan(5000);
    expect(result.missing).toEqual([]);
    expect(result.duplicated).toEqual([]);
    expect(result.stored).toBe(result.acknowledged);
    expect(result.acknowledged).toBe(load.sent);
  }, 100_000);
});
