import { validatePayload } from '@arterial/contracts/mqtt/v1';
import { demoJunction, validPlan } from './controller/testing/plan-factory';
import { NO_FAULTS } from './model/detector-faults';
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
    const lastTs = Math.max(...transport.messages.map((m) => m.payload.ts ?? 0));
    expect(lastTs).toBeLessThanOrEqual(Date.now());
    // 17 whole intervals each, less the few the model's injected field faults lose (dropouts, dead detectors).
    expect(stats.published.measurement).toBeGreaterThanOrEqual(Math.floor(sut.detectorCount * 17 * 0.98));
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

  it('answers a plan the transport delivers with a validated ack, also one that arrives before the engine starts', async () => {
    const transport = new RecordingTransport();
    const junction = demoJunction();
    const now = Date.now();
    const early = validPlan(junction, { planId: 'early', issuedAt: now }, now);
    // A persistent session can hand over a queued plan while the transport is still opening.
    const open = transport.open.bind(transport);
    transport.open = async (options) => {
      await open(options);
      transport.deliverPlan(junction.id, early);
    };
    const sut = await startSimulator({ network: demoNetwork(), transport, tickMs: 5 });
    transport.deliverPlan(junction.id, { ...validPlan(junction, { planId: 'late', issuedAt: now }, now), cycleS: 999 });
    await sut.stop();
    const acks = transport.messages.filter((m) => m.kind === 'plan-ack').map((m) => m.payload);
    expect(acks).toEqual([
      { planId: 'early', accepted: true, ts: expect.any(Number) },
      { planId: 'late', accepted: false, reason: expect.stringMatching(/^contract-schema: /), ts: expect.any(Number) },
    ]);
    expect(sut.stats().published['plan-ack']).toBe(2);
  });

  it('hands a command the transport delivers to its controller and publishes the ack, also one that arrives before the engine starts', async () => {
    const transport = new RecordingTransport();
    const junction = demoJunction();
    const now = Date.now();
    const command = (commandId: string, action: 'flash' | 'resume') => ({ commandId, issuedAt: now, expiresAt: now + 600_000, action, reason: 'spec' });
    const open = transport.open.bind(transport);
    transport.open = async (options) => {
      await open(options);
      transport.deliverCommand(junction.id, command('flash-1', 'flash'));
    };
    // 100 × real time: the running green ends (at its minimum) and its clearance runs before the resume arrives.
    const sut = await startSimulator({ network: demoNetwork(), transport, tickMs: 5, speed: 100 });
    await new Promise((resolve) => setTimeout(resolve, 600));
    transport.deliverCommand(junction.id, command('resume-1', 'resume'));
    transport.deliverCommand(junction.id, { commandId: 'bad', action: 'hold-phase' });
    await sut.stop();
    const acks = transport.messages.filter((m) => m.kind === 'command-ack' && m.deviceId === junction.id).map((m) => m.payload);
    expect(acks).toEqual([
      { commandId: 'flash-1', accepted: true, ts: expect.any(Number) },
      { commandId: 'resume-1', accepted: true, ts: expect.any(Number) },
      { commandId: 'bad', accepted: false, reason: expect.stringMatching(/^contract-schema: /), ts: expect.any(Number) },
    ]);
    expect(sut.stats().published['command-ack']).toBe(3);
    // The controller reports the flash it runs (after the clearance that was running).
    const modes = transport.messages.flatMap((m) => (m.kind === 'state' && m.deviceId === junction.id ? [m.payload.mode] : []));
    expect(modes).toContain('flash');
    expect(sut.stats().rejected).toBe(0);
  });

  it('passes fault rates and incidents to the traffic model', async () => {
    const transport = new RecordingTransport();
    const sut = await startSimulator({ network: demoNetwork(), transport, speed: 36_000, hours: 0.01, tickMs: 5, faultRates: { ...NO_FAULTS, dropoutShare: 1 } });
    await sut.finished;
    expect(sut.stats().published.measurement).toBe(0);
    const closure = { linkId: 'no-such-link', lanesClosed: 1, startMs: 0, endMs: 1 };
    await expect(startSimulator({ network: demoNetwork(), transport: new RecordingTransport(), incidents: [closure] })).rejects.toThrow(/unknown link no-such-link/);
  });

  it('refuses a run without a broker or transport', async () => {
    await expect(startSimulator({ network: demoNetwork() })).rejects.toThrow(/mqttUrl/);
  });
});
