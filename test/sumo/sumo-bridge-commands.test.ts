/**
 * Operator commands on a real SUMO light over a real broker (Debian mosquitto): hold-phase brings phase 2 green by
 * the sequence and holds it (mode manual) until it expires, flash shows every link flashing yellow (mode flash),
 * resume returns the light to its program; the conflict monitor sees nothing unsafe throughout.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import mqtt from 'mqtt';
import { buildTopic, type CommandAck, type ControllerCommand, type ControllerState } from '@arterial/contracts/mqtt/v1';
import { buildGridScenario, type ControllerEvent, startBridge } from '@arterial/sumo-bridge';
import { MosquittoBroker } from '../support/mosquitto-broker';
import { waitFor } from '../support/wait-for';

describe('SUMO bridge commands', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-sumo-commands-'));
  const broker = new MosquittoBroker();
  let centre: mqtt.MqttClient;
  const received: { topic: string; payload: Buffer }[] = [];

  beforeAll(async () => {
    await broker.start();
    centre = await mqtt.connectAsync(broker.url, { protocolVersion: 4, clientId: 'sumo-commands-centre' });
    centre.on('message', (topic, payload) => received.push({ topic, payload }));
    await centre.subscribeAsync('arterial/v1/#', { qos: 1 });
  }, 30_000);

  afterAll(async () => {
    await centre?.endAsync();
    await broker.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const statesOf = (id: string): ControllerState[] => received.filter((m) => m.topic === buildTopic('state', id)).map((m) => JSON.parse(m.payload.toString()) as ControllerState);
  const ackOf = (commandId: string): Promise<CommandAck> =>
    waitFor(() => received.filter((m) => m.topic === buildTopic('command-ack', 'A0')).map((m) => JSON.parse(m.payload.toString()) as CommandAck).find((a) => a.commandId === commandId), { timeoutMs: 10_000, what: `ack of ${commandId}` });
  const send = async (command: ControllerCommand): Promise<void> => {
    await centre.publishAsync(buildTopic('command', 'A0'), JSON.stringify(command), { qos: 1 });
  };
  const phase = (s: ControllerState, id: number) => s.phases.find((p) => p.id === id)?.state;

  it('holds phase 2, flashes and resumes, with nothing unsafe', async () => {
    const scenario = buildGridScenario({ dir: path.join(tmp, 'grid'), columns: 2, rows: 1, seconds: 900, flowVph: 300 });
    const events: ControllerEvent[] = [];
    const bridge = await startBridge({ sumocfg: scenario.sumocfg, mqttUrl: broker.url, seconds: 900, speed: 10, seed: 5, clientIdPrefix: 'sumo-commands', onControllerEvent: (e) => events.push(e) });
    await waitFor(() => (statesOf('A0').length > 3 ? true : undefined), { timeoutMs: 10_000, what: 'A0 states' });

    // Hold phase 2 for 8 s of wall clock (about 80 simulated seconds at speed 10).
    let now = Date.now();
    const hold: ControllerCommand = { commandId: 'hold-2', issuedAt: now, expiresAt: now + 8_000, action: 'hold-phase', phase: 2, reason: 'integration: hold' };
    await send(hold);
    expect(await ackOf('hold-2')).toMatchObject({ commandId: 'hold-2', accepted: true });
    await send(hold); // a QoS 1 redelivery: the same ack, not applied twice
    await waitFor(() => (received.filter((m) => m.topic === buildTopic('command-ack', 'A0')).length >= 2 ? true : undefined), { timeoutMs: 10_000, what: 'second ack' });
    const holdAcks = received.filter((m) => m.topic === buildTopic('command-ack', 'A0')).map((m) => m.payload.toString());
    expect(holdAcks[1]).toBe(holdAcks[0]);
    await waitFor(() => events.find((e) => e.kind === 'command-ended'), { timeoutMs: 30_000, what: 'hold ended' });
    const during = statesOf('A0').filter((s) => s.mode === 'manual');
    const held = during.filter((s) => phase(s, 2) === 'green');
    // Reaching phase 2 takes at most a minimum green and a change interval; the rest of the 8 s is held green.
    expect(held.length).toBeGreaterThanOrEqual(50);
    const firstHeld = during.indexOf(held[0]!);
    expect(during.slice(firstHeld, firstHeld + held.length).every((s) => phase(s, 2) === 'green' && phase(s, 1) === 'red')).toBe(true);
    expect(events.filter((e) => e.kind === 'command-ack' && e.commandId === 'hold-2')).toHaveLength(1);

    // Flash for up to 60 s, then resume after about 3 s.
    now = Date.now();
    await send({ commandId: 'flash-1', issuedAt: now, expiresAt: now + 60_000, action: 'flash', reason: 'integration: flash' });
    expect(await ackOf('flash-1')).toMatchObject({ accepted: true });
    const flashing = await waitFor(() => statesOf('A0').find((s) => s.mode === 'flash'), { timeoutMs: 20_000, what: 'flash state' });
    expect(flashing.phases.every((p) => p.state === 'flashing-yellow')).toBe(true);
    const links = (await bridge.traci.tlsState('A0')).length;
    await waitFor(async () => ((await bridge.traci.tlsState('A0')) === 'o'.repeat(links) ? true : undefined), { timeoutMs: 5_000, what: 'SUMO showing flash' });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(statesOf('A0').at(-1)?.mode).toBe('flash');
    now = Date.now();
    await send({ commandId: 'resume-1', issuedAt: now, expiresAt: now + 60_000, action: 'resume', reason: 'integration: resume' });
    expect(await ackOf('resume-1')).toEqual({ commandId: 'resume-1', accepted: true, ts: expect.any(Number) });
    await waitFor(() => (events.filter((e) => e.kind === 'command-ended').length >= 2 ? true : undefined), { timeoutMs: 20_000, what: 'flash ended' });
    const back = await waitFor(() => {
      const states = statesOf('A0');
      const lastFlash = states.map((s) => s.mode).lastIndexOf('flash');
      const after = states.slice(lastFlash + 1);
      return after.some((s) => s.mode === 'fixed') ? after : undefined;
    }, { timeoutMs: 20_000, what: 'program again' });
    // Out of flash through red on every link (manual) before the program's first green.
    expect(back[0]).toMatchObject({ mode: 'manual' });
    expect(back[0]!.phases.every((p) => p.state === 'red')).toBe(true);
    // A second resume has nothing to end: accepted, and the ack says so.
    now = Date.now();
    await send({ commandId: 'resume-2', issuedAt: now, expiresAt: now + 60_000, action: 'resume', reason: 'integration: resume again' });
    expect(await ackOf('resume-2')).toMatchObject({ accepted: true, reason: 'nothing to resume' });
    // The program's rhythm is reached again through the restore transition.
    await waitFor(() => events.find((e) => e.kind === 'local-restored'), { timeoutMs: 30_000, what: 'SUMO program restored' });

    const summary = await bridge.stop();
    expect(summary.unsafe).toBe(0);
    expect(summary.violations).toEqual([]);
  }, 150_000);
});
