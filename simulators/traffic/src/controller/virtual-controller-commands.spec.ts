import { validatePayload, type ControllerCommand } from '@arterial/contracts/mqtt/v1';
import { broadcastFaults, sequenceFaults } from '@arterial/contracts/network';
import { RingRecorder } from './testing/ring-timeline';
import { roundJunction } from './testing/plan-factory';
import { VirtualController } from './virtual-controller';

// Fallback: cycle 80 s from the epoch, phases 1-4 each 16 s green + 3 s yellow + 1 s all-red.
const T = Date.UTC(2025, 2, 3, 0, 0, 0);
const junction = roundJunction();
const command = (over: Partial<ControllerCommand>): ControllerCommand => ({
  commandId: 'c1', issuedAt: T, expiresAt: T + 60_000, action: 'hold-phase', phase: 3, reason: 'spec', ...over,
});

function greensOf(recorder: RingRecorder): { phase: number; s: number; fromS: number }[] {
  return recorder.intervals.filter((i) => i.state === 'green').map((i) => ({ phase: i.phase!, s: (i.endMs - i.startMs) / 1000, fromS: (i.startMs - T) / 1000 }));
}

function expectSafe(recorder: RingRecorder): void {
  expect(recorder.conflicts).toEqual([]);
  expect(sequenceFaults(junction, recorder.intervals)).toEqual([]);
  expect(broadcastFaults(recorder.intervals, recorder.promises)).toEqual([]);
  for (const s of recorder.states) expect(validatePayload('state', s, { nowMs: s.ts }).ok).toBe(true);
}

describe(`${VirtualController.name} commands`, () => {
  it('holds a phase: reaches it by the sequence at minimum greens, holds it to expiresAt in manual mode, then returns to the plan', () => {
    const sut = new VirtualController(junction);
    const recorder = new RingRecorder(sut);
    // At 2 s phase 1 is green (to 16 s): it keeps its green, phase 2 gets its pedestrian minimum (16 s), then 3 is held.
    const hold = command({ issuedAt: T + 2000, expiresAt: T + 62_000 });
    recorder.run(T, T + 200_000, [{ atMs: T + 2000, apply: (t) => expect(sut.receiveCommand(hold, t)).toEqual({ ack: { commandId: 'c1', accepted: true, ts: t }, duplicate: false }) }]);
    const greens = greensOf(recorder);
    expect(greens.slice(0, 3)).toEqual([
      { phase: 1, s: 16, fromS: 0 },
      { phase: 2, s: 16, fromS: 20 },
      { phase: 3, s: 22, fromS: 40 },
    ]);
    expect(greens[3]).toMatchObject({ phase: 4, fromS: 66 });
    expect(recorder.states.find((s) => s.ts === T + 50_000)).toMatchObject({ mode: 'manual', cycleS: 0, cycleSecond: 0 });
    expect(recorder.states[recorder.states.length - 1]).toMatchObject({ mode: 'fixed', planId: 'fallback' });
    expectSafe(recorder);
  });

  it('holds the phase that is already green in manual mode, without restarting its green', () => {
    const sut = new VirtualController(junction);
    const recorder = new RingRecorder(sut);
    // At 5 s phase 1 is green (0-16 s by the plan): the hold keeps it green to expiresAt at 45 s.
    recorder.run(T, T + 120_000, [{ atMs: T + 5000, apply: (t) => sut.receiveCommand(command({ phase: 1, issuedAt: t, expiresAt: t + 40_000 }), t) }]);
    expect(greensOf(recorder)[0]).toEqual({ phase: 1, s: 45, fromS: 0 });
    expect(recorder.states.find((s) => s.ts === T + 10_000)).toMatchObject({ mode: 'manual' });
    expect(recorder.states.find((s) => s.ts === T + 44_000)).toMatchObject({ mode: 'manual' });
    expectSafe(recorder);
  });

  it('ends a hold on resume, never before the held phase’s minimum', () => {
    const sut = new VirtualController(junction);
    const recorder = new RingRecorder(sut);
    recorder.run(T, T + 120_000, [
      { atMs: T + 41_000, apply: (t) => sut.receiveCommand(command({ phase: 4, issuedAt: t, expiresAt: t + 300_000 }), t) },
      { atMs: T + 70_000, apply: (t) => expect(sut.receiveCommand(command({ commandId: 'c2', action: 'resume', phase: undefined, issuedAt: t, expiresAt: t + 60_000 }), t).ack.accepted).toBe(true) },
    ]);
    // Phase 3 keeps its fixed green (40-56 s), then 4 is held from 60 s until the resume at 70 s.
    expect(greensOf(recorder).slice(2, 4)).toEqual([
      { phase: 3, s: 16, fromS: 40 },
      { phase: 4, s: 10, fromS: 60 },
    ]);
    expectSafe(recorder);
  });

  it('flashes after the running clearance, then restarts with a start-up all-red and the first phase', () => {
    const sut = new VirtualController(junction);
    const recorder = new RingRecorder(sut);
    const flash = command({ action: 'flash', phase: undefined, issuedAt: T + 5000, expiresAt: T + 65_000 });
    recorder.run(T, T + 150_000, [{ atMs: T + 5000, apply: (t) => sut.receiveCommand(flash, t) }]);
    const kinds = recorder.intervals.slice(0, 6).map((i) => `${i.state}:${i.phase ?? '-'}@${(i.startMs - T) / 1000}`);
    expect(kinds).toEqual(['green:1@0', 'yellow:1@16', 'red:1@19', 'flash:-@20', 'red:-@65', 'green:1@67']);
    expect(recorder.states.find((s) => s.ts === T + 30_000)).toMatchObject({ mode: 'flash', cycleS: 0, phases: junction.phases.map((p) => ({ id: p.id, state: 'flashing-yellow', remainingS: 0 })) });
    expectSafe(recorder);
  });

  it('rejects an expired command, a hold of a phase outside the sequence and a malformed one, each once', () => {
    const sut = new VirtualController(junction);
    expect(sut.receiveCommand(command({ commandId: 'old' }), T + 60_000).ack).toMatchObject({ accepted: false, reason: 'expired' });
    expect(sut.receiveCommand(command({ commandId: 'p9', phase: 9 }), T).ack).toMatchObject({ accepted: false, reason: 'unknown-phase' });
    const again = sut.receiveCommand(command({ commandId: 'old' }), T + 61_000);
    expect(again.duplicate).toBe(true);
    const topic = `arterial/v1/controllers/${junction.id}/command`;
    const answer = sut.receiveCommandMessage(topic, JSON.stringify({ ...command({}), action: 'flash' }), T);
    expect(answer.ack).toMatchObject({ commandId: 'c1', accepted: false, reason: expect.stringMatching(/^contract-semantic/) });
    expect(sut.stateAt(T)).toMatchObject({ mode: 'fixed' });
  });
});
