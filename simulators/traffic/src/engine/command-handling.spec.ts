import { buildTopic, validatePayload, type ControllerCommand, type ControllerState } from '@arterial/contracts/mqtt/v1';
import { intersectionsOf } from '@arterial/contracts/network';
import { gridNetwork } from '../network/grid-network';
import type { DeviceMessage } from './outbound-message';
import { SimulationEngine } from './simulation-engine';

const START = Date.UTC(2025, 2, 3, 0, 0, 0);

describe(`${SimulationEngine.name} command handling`, () => {
  const network = gridNetwork({ rows: 1, cols: 2 });
  const junction = intersectionsOf(network)[0]!.properties;
  const id = junction.id;
  // Red when the command arrives (the fixed plan shows sequence[2] green then), so the hold has to reach it.
  const held = junction.sequence[0]!;

  function run(): { sut: SimulationEngine; messages: DeviceMessage[]; sink: { publish(m: DeviceMessage): void } } {
    const sut = new SimulationEngine(network, { seed: 1 });
    const messages: DeviceMessage[] = [];
    const sink = { publish: (m: DeviceMessage) => void messages.push(m) };
    sut.start(START, sink);
    return { sut, messages, sink };
  }
  const command = (overrides: Partial<ControllerCommand>): ControllerCommand => ({
    commandId: 'cmd-1',
    issuedAt: START + 10_000,
    expiresAt: START + 250_000,
    action: 'hold-phase',
    phase: held,
    reason: 'spec',
    ...overrides,
  });
  const send = (sut: SimulationEngine, sink: { publish(m: DeviceMessage): void }, c: ControllerCommand | string): void =>
    sut.receiveCommand(id, buildTopic('command', id), typeof c === 'string' ? c : JSON.stringify(c), sink);
  const statesOf = (messages: DeviceMessage[]): ControllerState[] => messages.flatMap((m) => (m.kind === 'state' && m.deviceId === id ? [m.payload] : []));
  const acksOf = (messages: DeviceMessage[]) => messages.flatMap((m) => (m.kind === 'command-ack' ? [m.payload] : []));

  it('answers a hold on command/ack, holds the phase green in mode manual until expiry, then returns to the plan', () => {
    const { sut, messages, sink } = run();
    sut.advanceTo(START + 10_000, sink);
    send(sut, sink, command({}));
    send(sut, sink, command({}));
    expect(acksOf(messages)).toEqual([
      { commandId: 'cmd-1', accepted: true, ts: START + 10_000 },
      { commandId: 'cmd-1', accepted: true, ts: START + 10_000 },
    ]);
    sut.advanceTo(START + 400_000, sink);
    const states = statesOf(messages);
    const manual = states.filter((s) => s.mode === 'manual');
    expect(manual.length).toBeGreaterThan(0);
    // Once the held phase is green it stays green, in mode manual, until the command expires.
    const heldGreen = (s: ControllerState): boolean => s.phases.find((p) => p.id === held)?.state === 'green';
    const firstHeldMs = manual.find(heldGreen)!.ts;
    expect(firstHeldMs).toBeLessThan(START + 120_000);
    const during = states.filter((s) => s.ts >= firstHeldMs && s.ts < START + 250_000);
    expect(during.every((s) => heldGreen(s) && s.mode === 'manual')).toBe(true);
    expect(Math.max(...manual.map((s) => s.ts))).toBeLessThan(START + 250_000 + 60_000);
    expect(states.at(-1)!.mode).toBe('fixed');
    for (const m of messages) {
      const result = validatePayload(m.kind, m.payload, { nowMs: Number.MAX_SAFE_INTEGER });
      if (!result.ok) throw new Error(`${m.kind}: ${result.detail}`);
    }
  });

  it('flashes on command and resumes on resume; rejects an expired command and ignores one without a commandId', () => {
    const { sut, messages, sink } = run();
    sut.advanceTo(START + 10_000, sink);
    send(sut, sink, command({ commandId: 'old', issuedAt: START, expiresAt: START + 5_000 }));
    send(sut, sink, '{"action":"flash"}');
    send(sut, sink, command({ commandId: 'flash-1', action: 'flash', phase: undefined }));
    sut.advanceTo(START + 60_000, sink);
    const flashing = statesOf(messages).filter((s) => s.mode === 'flash');
    expect(flashing.length).toBeGreaterThan(0);
    expect(flashing.every((s) => s.phases.every((p) => p.state === 'flashing-yellow'))).toBe(true);
    send(sut, sink, command({ commandId: 'resume-1', action: 'resume', phase: undefined, issuedAt: START + 60_000 }));
    sut.advanceTo(START + 120_000, sink);
    expect(statesOf(messages).at(-1)!.mode).toBe('fixed');
    expect(acksOf(messages)).toEqual([
      { commandId: 'old', accepted: false, reason: 'expired', ts: START + 10_000 },
      { commandId: 'flash-1', accepted: true, ts: START + 10_000 },
      { commandId: 'resume-1', accepted: true, ts: START + 60_000 },
    ]);
  });
});
