import { intersectionsOf } from '@arterial/contracts/network';
import { validatePayload, type ControllerState } from '@arterial/contracts/mqtt/v1';
import { demoNetwork } from '../network/demo-network';
import type { OutboundMessage } from './outbound-message';
import { SimulationEngine } from './simulation-engine';

const START = Date.UTC(2025, 2, 3, 0, 0, 0, 300); // 08:00:00.300 in Xi'an, deliberately off the second

function record(seconds: number, seed = 42): OutboundMessage[] {
  const sut = new SimulationEngine(demoNetwork(), { seed });
  const messages: OutboundMessage[] = [];
  const sink = { publish: (m: OutboundMessage) => void messages.push(m) };
  sut.start(START, sink);
  // Uneven steps, as a wall-clock timer would make them.
  for (let t = START; t < START + seconds * 1000; ) {
    t = Math.min(START + seconds * 1000, t + 137);
    sut.advanceTo(t, sink);
  }
  return messages;
}

describe(SimulationEngine.name, () => {
  const network = demoNetwork();
  const junctions = intersectionsOf(network).length;
  let messages: OutboundMessage[];

  beforeAll(() => {
    messages = record(300);
  });

  it('puts every controller online first', () => {
    const first = messages.slice(0, 2 * junctions);
    expect(first.filter((m) => m.kind === 'status')).toHaveLength(junctions);
    expect(first.every((m) => m.kind !== 'status' || m.payload.online)).toBe(true);
  });

  it('sends only payloads the contract accepts', () => {
    for (const m of messages) {
      const result = validatePayload(m.kind, m.payload, { nowMs: START + 300_000 });
      if (!result.ok) throw new Error(`${m.kind} from ${m.deviceId}: ${result.detail}`);
    }
  });

  it('sends state once a second and at every phase change, in time order, with seq counting from 0', () => {
    const states = messages.filter((m): m is Extract<OutboundMessage, { kind: 'state' }> => m.kind === 'state' && m.deviceId === 'XA-D4');
    const payloads: ControllerState[] = states.map((m) => m.payload);
    expect(payloads.map((p) => p.seq)).toEqual(payloads.map((_, i) => i));
    for (let i = 1; i < payloads.length; i++) expect(payloads[i]!.ts).toBeGreaterThan(payloads[i - 1]!.ts);
    const wholeSeconds = payloads.filter((p) => p.ts % 1000 === 0);
    expect(wholeSeconds).toHaveLength(300);
    // Every change of indication appears at the moment it happens.
    const signature = (p: ControllerState): string => p.phases.map((ph) => ph.state).join();
    for (let i = 1; i < payloads.length; i++) {
      const p = payloads[i]!;
      if (p.ts % 1000 !== 0) expect(signature(p)).not.toBe(signature(payloads[i - 1]!));
    }
    // Clearances end on half seconds too (all-red of 1.5 s), so some changes fall between ticks.
    expect(payloads.length).toBeGreaterThan(300);
  });

  it('sends each detector measurement every interval with ts at the interval end', () => {
    const measurements = messages.filter((m): m is Extract<OutboundMessage, { kind: 'measurement' }> => m.kind === 'measurement');
    const one = measurements.filter((m) => m.deviceId === 'XA-D4-E-A').map((m) => m.payload);
    // The run starts 0.3 s into an interval: that short first second counts, so the first interval is reported.
    expect(one).toHaveLength(30);
    expect(one[0]).toMatchObject({ seq: 0, ts: START - 300 + 10_000, intervalS: 10 });
    for (const m of one) expect(m.ts % 10_000).toBe(0);
  });

  it('is deterministic for a seed and start', () => {
    expect(record(60)).toEqual(messages.filter((m) => m.payload.ts <= START + 60_000));
    expect(record(60, 7)).not.toEqual(record(60));
  });
});
