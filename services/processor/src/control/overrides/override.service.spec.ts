import * as path from 'node:path';
import type { ControlAuditEvent, Override } from '@arterial/contracts/api/v1';
import { intersectionsOf } from '@arterial/contracts/network';
import type { DecodedMessage } from '@arterial/contracts/mqtt/v1';
import { Subject } from 'rxjs';
import { InMemoryBrokerConnection, type RoutedMessage } from '../../broker/in-memory-broker-connection';
import { ManualClock } from '../../clock/clock';
import { loadNetworkFile } from '../../network/network.service';
import { InMemoryTimeSeriesStore } from '../../storage/in-memory-time-series-store';
import { ControlAuditService } from '../control-audit.service';
import { InvalidOverrideError, NoActiveOverrideError, UnsafePlanError } from '../control.errors';
import type { Junctions } from '../junctions';
import type { PlanDeliveryOptions } from '../plan-delivery';
import { PlanDispatcherService } from '../plan-dispatcher.service';
import { ControllerCommandsService } from './controller-commands.service';
import { OverrideService } from './override.service';

const model = loadNetworkFile(path.resolve(__dirname, '..', '..', '..', '..', '..', 'firmware-contracts', 'networks', 'demo.geojson'));
const junction = intersectionsOf(model)[0]!.properties;
const NOW = Date.UTC(2026, 10, 27, 8);
const DELIVERY: PlanDeliveryOptions = { ackTimeoutMs: 5000, retries: 1, maxWaitMs: 20_000, pollMs: 250 };

async function setup() {
  const broker = new InMemoryBrokerConnection({ subscriptions: [] });
  await broker.start();
  const published: RoutedMessage[] = [];
  broker.subscribeAsDevice('arterial/v1/controllers/+/#', (m) => published.push(m));
  const junctions: Junctions = { intersection: (id) => intersectionsOf(model).find((f) => f.properties.id === id) };
  const accepted = new Subject<DecodedMessage>();
  const clock = new ManualClock(NOW);
  const store = new InMemoryTimeSeriesStore();
  const audit = new ControlAuditService(store);
  const events: ControlAuditEvent[] = [];
  audit.events$.subscribe((e) => events.push(e));
  const dispatcher = new PlanDispatcherService(broker, junctions, accepted, clock, audit, store, DELIVERY);
  const commands = new ControllerCommandsService(broker, accepted, clock, DELIVERY);
  const sut = new OverrideService(dispatcher, commands, audit, junctions, clock);
  const changes: Override[] = [];
  sut.changes$.subscribe((o) => changes.push(...o));
  for (const s of [dispatcher, commands, sut]) s.onModuleInit();
  const advance = (ms: number) => {
    const end = clock.now() + ms;
    while (clock.now() < end) {
      clock.set(Math.min(end, clock.now() + DELIVERY.pollMs));
      dispatcher.poll();
      commands.poll();
      sut.poll();
    }
  };
  const commandsSent = () => published.filter((m) => m.topic.endsWith('/command')).map((m) => JSON.parse(m.payload.toString()) as { commandId: string; action: string; phase?: number; expiresAt: number });
  const ackCommand = (commandId: string, ok = true, reason?: string) =>
    accepted.next({ kind: 'command-ack', deviceId: junction.id, payload: { commandId, accepted: ok, ...(reason ? { reason } : {}) } });
  return { sut, published, accepted, clock, store, events, changes, advance, commandsSent, ackCommand, dispose: () => [sut, commands, dispatcher].forEach((s) => s.onModuleDestroy()) };
}

const phase = () => junction.phases[0]!.id;
const plan = () => ({ cycleS: junction.fallbackPlan.cycleS, offsetS: 0, splits: junction.fallbackPlan.splits.map((s) => ({ ...s })), reason: 'event traffic' });

describe(OverrideService.name, () => {
  it('holds a phase by command: pending until acknowledged, the engine kept off, then expired and handed back', async () => {
    const { sut, commandsSent, ackCommand, advance, events, dispose } = await setup();
    const override = await sut.apply(junction.id, { action: 'hold-phase', phase: phase(), durationS: 120, reason: 'crash on the east arm' }, 'ops');
    expect(override).toMatchObject({ action: 'hold-phase', state: 'pending', phase: phase(), actor: 'ops', endsAt: NOW + 120_000 });
    expect(commandsSent()).toEqual([expect.objectContaining({ action: 'hold-phase', phase: phase(), expiresAt: NOW + 120_000 })]);
    expect(sut.engineMayPlan(junction.id, NOW)).toBe(false);
    ackCommand(override.commandId!);
    expect(sut.list(junction.id).active?.state).toBe('active');
    advance(120_000);
    expect(sut.list(junction.id)).toMatchObject({ active: null, history: [{ state: 'ended', outcome: 'expired' }] });
    expect(sut.engineMayPlan(junction.id, NOW + 120_000)).toBe(true);
    expect(events.map((e) => e.action)).toEqual(['command-sent', 'override-started', 'command-accepted', 'override-ended']);
    dispose();
  });

  it('forces a plan through the dispatcher for its duration, and resume-adaptive ends it at once', async () => {
    const { sut, published, dispose } = await setup();
    const override = await sut.apply(junction.id, { action: 'force-plan', plan: plan(), durationS: 600, reason: 'stadium' }, 'ops');
    const sent = JSON.parse(published[0]!.payload.toString()) as { planId: string; expiresAt: number };
    expect(override).toMatchObject({ state: 'active', planId: sent.planId });
    expect(sent.expiresAt).toBe(NOW + 600_000);
    expect(sut.engineMayPlan(junction.id, NOW + 1)).toBe(false);
    const ended = await sut.apply(junction.id, { action: 'resume-adaptive', reason: 'over' }, 'lead');
    expect(ended).toMatchObject({ state: 'ended', outcome: 'resumed by lead' });
    expect(sut.engineMayPlan(junction.id, NOW + 1)).toBe(true);
    // No command was active: nothing but the plan was published.
    expect(published).toHaveLength(1);
    dispose();
  });

  it('flash, then resume: a resume command is sent and the override ends', async () => {
    const { sut, commandsSent, dispose } = await setup();
    await sut.apply(junction.id, { action: 'flash', durationS: 900, reason: 'power works' }, 'ops');
    await sut.apply(junction.id, { action: 'resume-adaptive', reason: 'done' }, 'ops');
    expect(commandsSent().map((c) => c.action)).toEqual(['flash', 'resume']);
    expect(sut.list(junction.id).active).toBeNull();
    dispose();
  });

  it('fails an override the controller refuses or never acknowledges, and gives the junction back', async () => {
    const { sut, ackCommand, advance, dispose } = await setup();
    const refused = await sut.apply(junction.id, { action: 'flash', durationS: 900, reason: 'x' }, 'ops');
    ackCommand(refused.commandId!, false, 'unsupported');
    expect(sut.list(junction.id).history[0]).toMatchObject({ state: 'failed', outcome: 'command rejected: unsupported' });
    await sut.apply(junction.id, { action: 'flash', durationS: 900, reason: 'x' }, 'ops');
    advance(16_000);
    expect(sut.list(junction.id).history[0]).toMatchObject({ state: 'failed', outcome: expect.stringMatching(/^command timeout/) });
    expect(sut.engineMayPlan(junction.id, NOW + 16_000)).toBe(true);
    dispose();
  });

  it('refuses what does not fit its action, an unsafe forced plan, and resume with nothing active; nothing is published', async () => {
    const { sut, published, dispose } = await setup();
    await expect(sut.apply(junction.id, { action: 'hold-phase', phase: phase(), durationS: 301, reason: 'x' }, 'ops')).rejects.toThrow(InvalidOverrideError);
    await expect(sut.apply(junction.id, { action: 'hold-phase', durationS: 60, reason: 'x' }, 'ops')).rejects.toThrow(InvalidOverrideError);
    await expect(sut.apply(junction.id, { action: 'hold-phase', phase: 31, durationS: 60, reason: 'x' }, 'ops')).rejects.toThrow(/not a phase/);
    await expect(sut.apply(junction.id, { action: 'flash', reason: 'x' }, 'ops')).rejects.toThrow(/durationS/);
    const unsafe = plan();
    unsafe.splits[0]!.greenS = 1;
    await expect(sut.apply(junction.id, { action: 'force-plan', plan: unsafe, durationS: 60, reason: 'x' }, 'ops')).rejects.toThrow(UnsafePlanError);
    await expect(sut.apply(junction.id, { action: 'resume-adaptive', reason: 'x' }, 'ops')).rejects.toThrow(NoActiveOverrideError);
    expect(published).toHaveLength(0);
    expect(sut.engineMayPlan(junction.id, NOW)).toBe(true);
    dispose();
  });

  it('replaces an active override with a newer one, ending the older', async () => {
    const { sut, changes, dispose } = await setup();
    const first = await sut.apply(junction.id, { action: 'flash', durationS: 900, reason: 'a' }, 'ops');
    const second = await sut.apply(junction.id, { action: 'hold-phase', phase: phase(), durationS: 60, reason: 'b' }, 'ops');
    expect(sut.list(junction.id)).toMatchObject({ active: { overrideId: second.overrideId }, history: [{ overrideId: second.overrideId }, { overrideId: first.overrideId, state: 'ended', outcome: `replaced by ${second.overrideId}` }] });
    expect(changes.map((o) => [o.overrideId, o.state])).toEqual([[first.overrideId, 'pending'], [first.overrideId, 'ended'], [second.overrideId, 'pending']]);
    dispose();
  });
});
