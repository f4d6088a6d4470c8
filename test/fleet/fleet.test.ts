/**
 * The device fleet against the real processor (embedded broker, private InfluxDB): every connection comes
 * up, everything published is accepted and nothing rejected, and dropping the sockets abruptly makes the
 * broker publish each controller's retained last will, which the processor shows as offline.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createMqttFleet, planFromCounts, type DeviceFleet, type FleetSummary } from '@arterial/device-fleet';
import { startProcessor, type RunningProcessor } from '@arterial/processor';
import { InfluxServer } from '../support/influx-server';
import { waitFor } from '../support/wait-for';
import type { HealthReport as Health } from '@arterial/contracts/api/v1';

const INTERSECTIONS = 100;
const DETECTORS_PER_INTERSECTION = 4;


describe('device fleet against the processor', () => {
  let influx: InfluxServer;
  let processor: RunningProcessor;
  let spoolDir: string;
  let fleet: DeviceFleet | undefined;

  const health = async (): Promise<Health> => (await (await fetch(`${processor.httpUrl}/api/health`)).json()) as Health;
  const onlineOf = async (id: string): Promise<boolean | null> => {
    const res = await fetch(`${processor.httpUrl}/api/intersections/${id}`);
    if (res.status === 404) return null;
    return ((await res.json()) as { live: { online: boolean | null } | null }).live?.online ?? null;
  };

  beforeAll(async () => {
    spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-fleet-test-'));
    influx = new InfluxServer();
    await influx.start();
    processor = await startProcessor({
      // Devices here connect without credentials: the broker's development mode, explicitly.
      env: { MQTT_ALLOW_ANONYMOUS: 'true', API_ALLOW_ANONYMOUS: 'true' },
      config: { host: '127.0.0.1', mqttPort: 0, httpPort: 0, influxUrl: influx.url, influxDb: 'fleet_test', spoolDir, mqttClientId: 'fleet-test' },
    });
  });

  afterAll(async () => {
    await fleet?.kill();
    await processor?.close();
    await influx?.dispose();
    fs.rmSync(spoolDir, { recursive: true, force: true });
  });

  it('connects every device, is accepted in full, and its last wills mark the controllers offline', async () => {
    const before = await health();
    const sut = createMqttFleet(processor.mqttUrl, {
      plan: planFromCounts({ intersections: INTERSECTIONS, detectorsPerIntersection: DETECTORS_PER_INTERSECTION, idPrefix: 'FT' }),
      stateHz: 1,
      measurementIntervalS: 2,
      durationS: 60,
      rampPerSecond: 200,
      clientIdPrefix: 'fleet-test',
    });
    fleet = sut;
    const ids = sut.controllerIds();
    const run = sut.start();

    await waitFor(() => sut.stats().allConnectedAfterMs !== null, { timeoutMs: 20_000, what: `all ${INTERSECTIONS * 2} fleet connections` });
    expect(sut.stats()).toMatchObject({ connections: INTERSECTIONS * 2, connected: INTERSECTIONS * 2, connectFailures: 0 });

    // Soak a little, then stop publishing (connections stay up) so the counts can settle.
    await new Promise((resolve) => setTimeout(resolve, 8000));
    sut.pause();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stats = sut.stats();
    const published = stats.published.state + stats.published.measurement + stats.published.status;
    expect(stats.publishErrors).toBe(0);
    expect(stats.published.status).toBe(INTERSECTIONS);
    expect(stats.published.state).toBeGreaterThan(INTERSECTIONS * 6);
    expect(stats.published.measurement).toBeGreaterThan(INTERSECTIONS * DETECTORS_PER_INTERSECTION * 3);
    const base = before.counters['ingest.accepted'];
    const settled = await waitFor(
      async () => {
        const h = await health();
        return h.counters['ingest.accepted'] - base >= published ? h : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 100, what: `${published} fleet messages accepted` },
    );
    expect(settled.counters['ingest.accepted'] - base).toBe(published);
    expect(settled.counters['ingest.rejected']).toBe(0);
    expect(settled.counters['ingest.duplicates']).toBe(before.counters['ingest.duplicates']);
    expect(await onlineOf(ids[0] as string)).toBe(true);

    // Power cut: no DISCONNECT, so the broker publishes every controller's retained will.
    const summary: FleetSummary = await sut.kill();
    await run;
    expect(summary.ending).toBe('killed');
    await waitFor(async () => (await Promise.all(ids.map(onlineOf))).every((online) => online === false), {
      timeoutMs: 15_000,
      intervalMs: 250,
      what: 'every fleet controller shown offline',
    });
    const after = await health();
    expect(after.counters['ingest.accepted'] - base).toBe(published + INTERSECTIONS);
    expect(after.counters['ingest.rejected']).toBe(0);
  });
});
