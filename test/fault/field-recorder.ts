/**
 * What the centre and the controllers said to each other, as an observer on the broker heard it (plans, plan
 * acknowledgements, states), and the rules every state message must keep: the plan it names is one the controller
 * accepted from the centre (mode adaptive) or its own local plan (mode fixed); no dark phase; no conflicting greens.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { buildTopic, parseTopic, type ControllerState, type PlanAck, type SignalPlan } from '@arterial/contracts/mqtt/v1';
import { conflictingGreens, type IntersectionProperties } from '@arterial/contracts/network';
import { waitFor } from '../support/wait-for';

interface Heard<T> {
  value: T;
  atMs: number;
}

export class FieldRecorder {
  private readonly states = new Map<string, Heard<ControllerState>[]>();
  private readonly plansSent = new Map<string, Set<string>>();
  /** planId → when its positive acknowledgement was heard. */
  private readonly plansAccepted = new Map<string, Map<string, number>>();
  private client: MqttClient | undefined;
  /** The test's own events (a fault starts, ends), for the timeline. */
  private readonly marks: Heard<string>[] = [];
  private originMs = Date.now();

  constructor(private readonly junctions: readonly IntersectionProperties[]) {
    for (const { id } of junctions) {
      this.states.set(id, []);
      this.plansSent.set(id, new Set());
      this.plansAccepted.set(id, new Map());
    }
  }

  get ids(): string[] {
    return this.junctions.map((j) => j.id);
  }

  /** Connects straight to the broker (not through the devices' cutter); re-subscribes after a processor restart. */
  async connect(url: string): Promise<void> {
    this.originMs = Date.now();
    const client = mqtt.connect(url, { clientId: 'fault-field-recorder', clean: false, reconnectPeriod: 200, protocolVersion: 4 });
    this.client = client;
    client.on('error', () => undefined);
    client.on('message', (topic, payload) => this.record(topic, payload));
    await waitFor(() => client.connected, { timeoutMs: 10_000, what: 'recorder connection' });
    const topics = this.ids.flatMap((id) => [buildTopic('state', id), buildTopic('plan', id), buildTopic('plan-ack', id)]);
    await client.subscribeAsync(topics, { qos: 1 });
  }

  async close(): Promise<void> {
    await this.client?.endAsync(true);
  }

  /** Notes a test event (a fault begins or ends) in the timeline. */
  mark(label: string): void {
    this.marks.push({ value: label, atMs: Date.now() });
  }

  latest(id: string): Heard<ControllerState> | undefined {
    const list = this.states.get(id) ?? [];
    return list[list.length - 1];
  }

  /**
   * Back under the centre after a fault that ended at `sinceMs`: the controller accepted a plan after it, and its
   * last two states, both heard after it, name centre plans (it runs one, not just passes through).
   */
  backUnderCentre(id: string, sinceMs: number): boolean {
    const accepted = this.plansAccepted.get(id) ?? new Map<string, number>();
    const lastTwo = (this.states.get(id) ?? []).slice(-2);
    const acceptedSince = [...accepted.values()].some((atMs) => atMs >= sinceMs);
    return acceptedSince && lastTwo.length === 2 && lastTwo.every((s) => s.atMs >= sinceMs && s.value.mode === 'adaptive' && accepted.has(s.value.planId));
  }

  /** Waits until every controller is back under the centre (see backUnderCentre); the error says where each one is. */
  async allBackUnderCentre(sinceMs: number, what: string, timeoutMs: number): Promise<number> {
    const started = Date.now();
    await waitFor(() => this.ids.every((id) => this.backUnderCentre(id, sinceMs)), { timeoutMs, intervalMs: 100, what }).catch((err: unknown) => {
      throw new Error(`${String(err)}; timeline (ms since the recorder connected):\n${this.timeline().join('\n')}`);
    });
    return Date.now() - started;
  }

  /** Every state message that broke a rule, by controller, seq, mode and plan. */
  problems(): string[] {
    return this.junctions.flatMap((junction) => {
      const accepted = this.plansAccepted.get(junction.id) ?? new Map<string, number>();
      const sent = this.plansSent.get(junction.id) ?? new Set<string>();
      return (this.states.get(junction.id) ?? []).flatMap(({ value: state }) => {
        const where = `${junction.id}#${state.seq} (${state.mode} ${state.planId})`;
        const local = state.planId === junction.fallbackPlan.planId;
        const centre = accepted.has(state.planId) && sent.has(state.planId);
        const found: string[] = [];
        if (!local && !centre) found.push(`${where}: a plan neither accepted from the centre nor local`);
        if (state.mode !== (local ? 'fixed' : 'adaptive')) found.push(`${where}: mode ${state.mode}`);
        if (state.cycleS <= 0) found.push(`${where}: no cycle`);
        if (state.phases.some((p) => p.state === 'dark')) found.push(`${where}: a dark phase`);
        const conflicts = conflictingGreens(junction, state.phases.filter((p) => p.state === 'green').map((p) => p.id));
        if (conflicts.length > 0) found.push(`${where}: conflicting greens ${JSON.stringify(conflicts)}`);
        return found;
      });
    });
  }

  /** Figures for the log, per controller: states heard, of them on the local plan, returns to it, plans accepted. */
  summary(): Record<string, { states: number; local: number; fallbacks: number; accepted: number }> {
    return Object.fromEntries(
      this.junctions.map((j) => {
        const local = (this.states.get(j.id) ?? []).map((s) => s.value.planId === j.fallbackPlan.planId);
        const fallbacks = local.filter((isLocal, i) => isLocal && i > 0 && !local[i - 1]).length;
        return [j.id, { states: local.length, local: local.filter(Boolean).length, fallbacks, accepted: this.plansAccepted.get(j.id)?.size ?? 0 }];
      }),
    );
  }

  /** The test's marks, each controller's plan changes and the plans it accepted, as `ms …` lines (ms since connect). */
  timeline(): string[] {
    const originMs = this.originMs;
    const lines = this.marks.map(({ value, atMs }) => `${atMs - originMs} ${value}`);
    for (const id of this.ids) {
      let running: string | undefined;
      for (const { value, atMs } of this.states.get(id) ?? []) {
        if (value.planId !== running) lines.push(`${atMs - originMs} ${id} runs ${value.planId}`);
        running = value.planId;
      }
      for (const [planId, atMs] of this.plansAccepted.get(id) ?? []) lines.push(`${atMs - originMs} ${id} accepted ${planId}`);
    }
    return lines.sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  }

  private record(topic: string, payload: Buffer): void {
    const parsed = parseTopic(topic);
    if (!parsed || !this.states.has(parsed.deviceId)) return;
    const value: unknown = JSON.parse(payload.toString('utf8'));
    const atMs = Date.now();
    if (parsed.kind === 'state') this.states.get(parsed.deviceId)?.push({ value: value as ControllerState, atMs });
    else if (parsed.kind === 'plan') this.plansSent.get(parsed.deviceId)?.add((value as SignalPlan).planId);
    else if (parsed.kind === 'plan-ack' && (value as PlanAck).accepted) {
      const accepted = this.plansAccepted.get(parsed.deviceId);
      if (accepted && !accepted.has((value as PlanAck).planId)) accepted.set((value as PlanAck).planId, atMs);
    }
  }
}
