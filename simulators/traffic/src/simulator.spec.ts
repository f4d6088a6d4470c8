import { validatePayload } from '@arterial/contracts';
import { demoNetwork } from './network/demo-network';
import { startSimulator } from './simulator';
import { RecordingTransport } from './transport/recording-transport';

describe(startSimulator.name, () => {
  it('runs the given simulated hours faster than real time, then goes offline', async () => {
    const transport = new RecordingTransport();
    const sut = await startSimulator({ network: demoNetwork(), transport, speed: 36_000, hours: 0.05, tickMs: 5, seed: 1 });
    await sut.finished;
    const stats = sut.stats();
    expect(stats.rejected).toBe(0);
    expect(transport.closed).toBe(true);
    // 3 simulated minutes, ending at the present so no timestamp lies in the future.
    const lastTs = Math.max(...transport.messages.map((m) => m.payload.ts));
    expect(lastTs).toBeLessThanOrEqual(Date.now());
    expect(stats.published.measurement).toBeGreaterThanOrEqual(sut.detectorCount * 17);
    const finals = transport.messages.slice(-sut.controllerCount);
    expect(finals.every((m) => m.kind === 'status' && !m.payload.online)).toBe(true);
    for (const m of transport.messages) expect(validatePayload(m.kind, m.payload, { nowMs: Date.now() }).ok).toBe(true);
    expect(transport.openOptions?.lastWill('XA-D4')).toMatchObject({ online: false });
  });

  it('stops cleanly on request, once', async () => {
    const transport = new RecordingTransport();
    const sut = await startSimulator({ network: demoNetwork(), transport, tickMs: 5 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await Promise.all([sut.stop(), sut.stop()]);
    await sut.finished;
    const offline = transport.messages.filter((m) => m.kind === 'status' && !m.payload.online);
    expect(offline).toHaveLength(sut.controllerCount);
  });

  it('refuses a run without a broker or transport', async () => {
    await expect(startSimulator({ network: demoNetwork() })).rejects.toThrow(/mqttUrl/);
  });
});
