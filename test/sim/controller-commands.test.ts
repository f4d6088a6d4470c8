/**
 * Operator commands to virtual controllers over the real embedded broker of a real processor: a plain MQTT client
 * plays the centre, publishes on command and watches command/ack and state, in both connection layouts (a
 * connection per controller subscribing to its own topic, and one shared connection with a wildcard).
 */
import type { MqttClient } from 'mqtt';
import { buildTopic, validatePayload, type CommandAck, type ControllerCommand, type ControllerState } from '@arterial/contracts/mqtt/v1';
import { intersectionsOf } from '@arterial/contracts/network';
import { gridNetwork } from '@arterial/traffic-sim';
import { waitFor } from '../support/wait-for';
import { startSimWithCentre, type SimWithCentre } from './sim-with-centre';

const SPEED = 100;

describe.each(['per-controller', 'shared'] as const)('virtual controllers take operator commands (%s connections)', (layout) => {
  const network = gridNetwork({ rows: 1, cols: 2 });
  const junction = intersectionsOf(network)[0]!.properties;
  const id = junction.id;
  let sim: SimWithCentre | undefined;
  let centre: MqttClient;
  const states: ControllerState[] = [];
  const acks: CommandAck[] = [];

  beforeAll(async () => {
    sim = await startSimWithCentre({
      name: `commands-${layout}`,
      stateOf: id,
      topics: [buildTopic('state', id), buildTopic('command-ack', id)],
      onMessage: (topic, value) => {
        if (topic === buildTopic('state', id)) states.push(value as ControllerState);
        else if (topic === buildTopic('command-ack', id)) acks.push(value as CommandAck);
      },
      simulator: { network, speed: SPEED, seed: 3, connections: layout },
    });
    centre = sim.centre;
  });

  afterAll(async () => {
    await sim?.close();
  });

  const simNow = (): number => states[states.length - 1]!.ts;

  async function send(command: Omit<ControllerCommand, 'issuedAt' | 'expiresAt' | 'reason'>, validForS = 600): Promise<CommandAck> {
    const issuedAt = simNow();
    const payload: ControllerCommand = { ...command, issuedAt, expiresAt: issuedAt + validForS * 1000, reason: 'controller-commands integration test' };
    expect(validatePayload('command', payload, { nowMs: issuedAt }).ok).toBe(true);
    await centre.publishAsync(buildTopic('command', id), JSON.stringify(payload), { qos: 1 });
    return waitFor(() => acks.find((a) => a.commandId === command.commandId), { timeoutMs: 5_000, what: `the ack of ${command.commandId}` });
  }

  it('holds a phase in mode manual, then flashes, then resumes the plan; every ack on command/ack', async () => {
    // The phase that ended last is red longest: the hold has to bring it back through the sequence.
    const sequence = junction.sequence;
    const running = await waitFor(() => states.at(-1)!.phases.find((p) => p.state === 'green'), { timeoutMs: 5_000, what: 'a green' });
    const phase = sequence[(sequence.indexOf(running.id) + sequence.length - 1) % sequence.length]!;
    const hold = await send({ commandId: `hold-${layout}`, action: 'hold-phase', phase }, 300);
    expect(hold).toEqual({ commandId: `hold-${layout}`, accepted: true, ts: expect.any(Number) });
    await waitFor(() => states.find((s) => s.mode === 'manual' && s.phases.find((p) => p.id === phase)?.state === 'green'), {
      timeoutMs: 10_000,
      what: 'the held phase green in mode manual',
    });

    expect(await send({ commandId: `flash-${layout}`, action: 'flash' })).toMatchObject({ accepted: true });
    const flash = await waitFor(() => states.find((s) => s.mode === 'flash'), { timeoutMs: 10_000, what: 'mode flash' });
    expect(flash.phases.every((p) => p.state === 'flashing-yellow')).toBe(true);

    expect(await send({ commandId: `resume-${layout}`, action: 'resume' })).toMatchObject({ accepted: true });
    const from = states.length;
    await waitFor(() => states.slice(from).find((s) => s.mode === 'fixed' && s.phases.some((p) => p.state === 'green')), { timeoutMs: 10_000, what: 'the plan again' });
    for (const a of acks) expect(validatePayload('command-ack', a, { nowMs: simNow() }).ok).toBe(true);
  });
});
