/**
 * Phase skipping (contract v1.3 `skipWithoutCall`) in real SUMO over a real broker (Debian mosquitto): a light with
 * two-lane approaches and left-turn bays (four phases) runs a free actuated plan that lets both protected-left phases
 * be skipped. Nobody turns left from north or south, so that left phase is skipped; westbound left turners call theirs,
 * so it is served. Mid-run an operator holds phase 4 for a minute; the light then rejoins its plan. Every step of SUMO
 * is watched by the bridge's conflict monitor, and the promises the light broadcast while running its plan (state
 * remainingS) are checked against what it then showed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import mqtt from 'mqtt';
import { buildTopic, type ControllerCommand, type ControllerState, type SignalPlan } from '@arterial/contracts/mqtt/v1';
import { broadcastFaults, type BroadcastPromise, type SignalInterval } from '@arterial/contracts/network';
import { buildGridScenario, type ControllerEvent, startBridge } from '@arterial/sumo-bridge';
import { MosquittoBroker } from '../support/mosquitto-broker';
import { waitFor } from '../support/wait-for';

const SECONDS = 900;

describe('SUMO bridge: phase skipping', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-sumo-skip-'));
  const broker = new MosquittoBroker();
  let centre: mqtt.MqttClient;
  const states: ControllerState[] = [];

  beforeAll(async () => {
    await broker.start();
    centre = await mqtt.connectAsync(broker.url, { protocolVersion: 4, clientId: 'sumo-skip-centre' });
    centre.on('message', (topic, payload) => {
      if (topic === buildTopic('state', 'A0')) states.push(JSON.parse(payload.toString('utf8')) as ControllerState);
    });
    await centre.subscribeAsync(buildTopic('state', 'A0'), { qos: 0 });
  }, 30_000);

  afterAll(async () => {
    await centre?.endAsync();
    await broker.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('skips the protected left nobody calls, serves the one called, and stays safe and true to every promise', async () => {
    const dir = path.join(tmp, 'bays');
    const { sumocfg } = buildGridScenario({ dir, columns: 1, rows: 1, seconds: SECONDS, flowVph: 400, seed: 1, queueLoops: true, turnBayM: 60 });
    // Through traffic on every approach, left turners only westbound → north (phase 4's bay).
    const flow = (id: string, from: string, to: string, vph: number): string =>
      `  <flow id="${id}" type="car" from="${from}" to="${to}" begin="0" end="${SECONDS}" vehsPerHour="${vph}" departLane="best" departSpeed="max"/>`;
    fs.writeFileSync(path.join(dir, 'routes.rou.xml'), [
      '<routes>',
      '  <vType id="car" accel="2.6" decel="4.5" sigma="0.5" length="5" maxSpeed="16.7"/>',
      flow('ns', 'top0A0', 'A0bottom0', 400), flow('sn', 'bottom0A0', 'A0top0', 400),
      flow('we', 'left0A0', 'A0right0', 400), flow('ew', 'right0A0', 'A0left0', 400),
      flow('wn', 'left0A0', 'A0top0', 150),
      '</routes>',
    ].join('\n'));
    const events: ControllerEvent[] = [];
    const bridge = await startBridge({
      sumocfg, mqttUrl: broker.url, seconds: SECONDS, speed: 60, seed: 1, controllerClock: 'simulation', clientIdPrefix: 'sumo-skip', onControllerEvent: (e) => events.push(e),
    });
    const start = bridge.window.startEpochMs;
    // SUMO's own greens (33/6/33/6 s, 3 s yellows): a free actuated plan within the light's limits.
    const actuation = (skipWithoutCall: boolean) => ({ minGreenS: 5, maxGreenS: 60, passageS: 2, ...(skipWithoutCall ? { skipWithoutCall } : {}) });
    const plan: SignalPlan = {
      planId: 'skip-lefts', issuedAt: start, expiresAt: start + 3_600_000, cycleS: 90, offsetS: 0, reason: 'phase skipping test',
      splits: [
        { phase: 1, greenS: 33, actuation: actuation(false) },
        { phase: 2, greenS: 6, actuation: actuation(true) },
        { phase: 3, greenS: 33, actuation: actuation(false) },
        { phase: 4, greenS: 6, actuation: actuation(true) },
      ],
    };
    await centre.publishAsync(buildTopic('plan', 'A0'), JSON.stringify(plan), { qos: 1 });
    // An operator holds the skippable phase 4 for a minute of simulated time, mid-run; the light rejoins its plan after.
    const midRun = await waitFor(() => states.find((s) => s.ts >= start + 400_000), { timeoutMs: 60_000, what: 'state at 400 s' });
    const hold: ControllerCommand = { commandId: 'hold-4', issuedAt: midRun.ts, expiresAt: midRun.ts + 60_000, action: 'hold-phase', phase: 4, reason: 'phase skipping test: hold' };
    await centre.publishAsync(buildTopic('command', 'A0'), JSON.stringify(hold), { qos: 1 });
    const summary = await bridge.done;

    expect(events.filter((e) => e.kind === 'plan-ack')).toEqual([expect.objectContaining({ planId: 'skip-lefts', accepted: true })]);
    const applied = events.find((e) => e.kind === 'plan-applied');
    expect(applied).toBeDefined();
    expect(summary.unsafe).toBe(0);
    expect(events.filter((e) => e.kind === 'conflict-flash')).toEqual([]);
    expect(events.filter((e) => e.kind === 'command-ack')).toEqual([expect.objectContaining({ commandId: 'hold-4', accepted: true })]);
    const ended = events.find((e) => e.kind === 'command-ended');
    expect(ended).toBeDefined();
    expect(states.some((s) => s.mode === 'manual' && s.phases[3]!.state === 'green')).toBe(true);
    // Back on the plan after the hold, still skipping.
    expect(events.some((e) => e.kind === 'plan-rejoined')).toBe(true);
    expect(events.some((e) => e.kind === 'phase-skipped' && ended?.kind === 'command-ended' && e.simTimeS > ended.simTimeS)).toBe(true);

    const skipped = events.flatMap((e) => (e.kind === 'phase-skipped' ? [e.phaseId] : []));
    expect(summary.phasesSkipped).toBe(skipped.length);
    // Greens the plan itself started (not the hold's, nor the light's own program's before the plan).
    const onPlan = (s: ControllerState): boolean => s.planId === 'skip-lefts' && s.mode === 'adaptive';
    const greensOf = (phase: number) => states.filter((s, i) => i > 0 && onPlan(s) && s.phases[phase - 1]!.state === 'green' && states[i - 1]!.phases[phase - 1]!.state !== 'green').length;
    const cyclesRun = greensOf(1);
    // The north-south left is skipped in every cycle of the plan (bar the cycles around its install and the hold); the
    // westbound left turners' phase is served when called.
    expect(skipped.filter((p) => p === 2).length).toBeGreaterThanOrEqual(cyclesRun - 3);
    expect(cyclesRun).toBeGreaterThan(5);
    expect(greensOf(2)).toBeLessThanOrEqual(1);
    // Phase 4 runs when a left turner waits in its bay (those who found a gap in phase 3 left without it).
    expect(greensOf(4)).toBeGreaterThan(5);

    // What the light promised (remainingS) held: no indication changed before its announced time.
    const ofPlan = states.filter((s) => s.planId === 'skip-lefts').sort((a, b) => a.ts - b.ts);
    const intervals: SignalInterval[] = ofPlan.map((s) => {
      const shown = s.phases.find((p) => p.state === 'green' || p.state === 'yellow');
      return { phase: shown?.id, state: shown ? (shown.state as 'green' | 'yellow') : 'red', startMs: s.ts, endMs: s.ts + 1000 };
    });
    // The plan's own announcements (the hold's are the command runner's, checked in the commands test).
    const promises: BroadcastPromise[] = ofPlan.filter((s) => s.mode === 'adaptive').flatMap((s) => s.phases.map((p) => ({ atMs: s.ts, phase: p.id, state: p.state, remainingS: p.remainingS })));
    expect(promises.length).toBeGreaterThan(1000);
    expect(broadcastFaults(intervals, promises)).toEqual([]);
  }, 120_000);
});
