/**
 * The plan engine in replay (`npm run replay -- --control max-pressure`): over half an hour of the demo network (the
 * traffic simulator's NDJSON), two replays, from the plain file and from a gzipped copy, record byte-identical plans
 * and audit trails, and the other results stay those of a replay without control; and the plans of the first minutes
 * equal, byte for byte, what a live processor (ManualClock polled by its real-time tickers, in-memory broker, a
 * controller that accepts every plan) sends from the same messages.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { CENTRE_SUBSCRIPTIONS } from '@arterial/contracts/mqtt/v1';
import { InMemoryBrokerConnection, loadConfig, ManualClock, PlanEngineService, readRecording, startProcessor } from '@arterial/processor';
import { waitFor } from '../support/wait-for';
import { REPLAY_CLI, runCli, SIM_CLI, SteppedStore } from './replay-support';

const START = '2026-03-02T07:00:00+08:00';
const MIN = 60_000;
/** The engine's tick (ControlOptions.tickMs): the live run stops its clock on each. */
const TICK_MS = 5000;
const LIVE_MINUTES = 10;
const PLAN_FILES = ['control-audit.ndjson', 'dispatched-plan.ndjson'];

interface ReplaySummary {
  messages: number;
  outputs: Record<string, number>;
}


const read = (dir: string, name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
const linesOf = (text: string) => text.split('\n').filter((l) => l.length > 0);



describe('replay with the plan engine', () => {
  let dir: string;
  let simFile: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-replay-control-'));
    simFile = path.join(dir, 'sim.ndjson');
    await runCli(SIM_CLI, ['--network', 'demo', '--hours', '0.5', '--start', START, '--out', simFile]);
  }, 60_000);

  afterAll(() => (process.env.KEEP_REPLAY_TEST_DIR ? undefined : fs.rmSync(dir, { recursive: true, force: true })));

  it('records the same plans twice, leaves the other results as without control, and sends nothing', async () => {
    const gzFile = `${simFile}.gz`;
    fs.writeFileSync(gzFile, gzipSync(fs.readFileSync(simFile)));
    const [a, b, off] = [path.join(dir, 'a'), path.join(dir, 'b'), path.join(dir, 'off')];
    // Three independent child processes: run side by side (the Jest process only waits for them).
    const [first, second, without] = (await Promise.all([
      runCli(REPLAY_CLI, ['--in', simFile, '--out-dir', a, '--control', 'max-pressure']),
      runCli(REPLAY_CLI, ['--in', gzFile, '--out-dir', b, '--control', 'max-pressure']),
      runCli(REPLAY_CLI, ['--in', simFile, '--out-dir', off]),
    ])).map((line) => JSON.parse(line) as ReplaySummary) as [ReplaySummary, ReplaySummary, ReplaySummary];

    expect(first.outputs['dispatched-plan']).toBeGreaterThan(100);
    expect(second.outputs).toEqual(first.outputs);
    for (const name of PLAN_FILES) expect({ name, same: read(a, name) === read(b, name) }).toEqual({ name, same: true });
    // Recorded, never delivered: every plan stays `sent`, with one attempt, and the trail holds nothing but sends.
    const plans = linesOf(read(a, 'dispatched-plan.ndjson')).map((l) => JSON.parse(l) as { plan: { status: string; attempts: number; explanation?: { strategy: string } } });
    expect(new Set(plans.map((p) => `${p.plan.status}/${p.plan.attempts}/${p.plan.explanation?.strategy}`))).toEqual(new Set(['sent/1/max-pressure']));
    const actions = new Set(linesOf(read(a, 'control-audit.ndjson')).map((l) => (JSON.parse(l) as { event: { action: string } }).event.action));
    expect(actions).toEqual(new Set(['plan-sent']));
    // The engine changes nothing upstream of it.
    expect(Object.keys(without.outputs)).toEqual(Object.keys(first.outputs).filter((k) => !['control-audit', 'dispatched-plan'].includes(k)));
    for (const name of fs.readdirSync(off)) expect({ name, same: read(off, name) === read(a, name) }).toEqual({ name, same: true });
  }, 120_000);

  it('records the plans a live processor sends from the same messages', async () => {
    const lines = fs.readFileSync(simFile, 'utf8').trim().split('\n');
    const firstTs = (JSON.parse(lines[0] as string) as { ts: number }).ts;
    const cutFile = path.join(dir, 'live-minutes.ndjson');
    fs.writeFileSync(cutFile, `${lines.filter((l) => (JSON.parse(l) as { ts: number }).ts <= firstTs + LIVE_MINUTES * MIN).join('\n')}\n`);
    const replayed = path.join(dir, 'replayed');
    // The CLI replays in a child process while the live run below goes on in this one.
    const replaying = runCli(REPLAY_CLI, ['--in', cutFile, '--out-dir', replayed, '--control', 'max-pressure']);
    replaying.catch(() => undefined); // awaited after the live run; no unhandled rejection meanwhile

    // Live: the processor's own real-time tickers poll a ManualClock the test moves to each engine tick in turn,
    // waiting there for the engine's step (and the estimation step on a minute); a controller accepts every plan.
    const startMs = firstTs - 1;
    const clock = new ManualClock(startMs);
    const broker = new InMemoryBrokerConnection({ subscriptions: CENTRE_SUBSCRIPTIONS, clock });
    const store = new SteppedStore(path.join(dir, 'live'));
    const control = { ...loadConfig({ CONTROL_STRATEGY: 'max-pressure' }).control, pollMs: 5 };
    const live = await startProcessor({ clock, broker, store, http: false, config: { spoolDir: path.join(dir, 'spool'), control } });
    const acks = broker.subscribeAsDevice('arterial/v1/controllers/+/plan', (m) => {
      const planId = (JSON.parse(m.payload.toString()) as { planId: string }).planId;
      // After the dispatcher has recorded the plan, as over a network.
      setImmediate(() => broker.deliverFromDevice(`${m.topic}/ack`, JSON.stringify({ planId, accepted: true, ts: clock.now() })));
    });
    try {
      const engine = live.app.get(PlanEngineService, { strict: false });
      let nextTick = Math.floor(startMs / TICK_MS) * TICK_MS + TICK_MS;
      const stepTo = async (tick: number) => {
        clock.set(tick);
        if (tick % MIN === 0) await waitFor(() => store.lastEstimateTs >= tick, { timeoutMs: 5000, intervalMs: 5, what: `the estimation step at ${new Date(tick).toISOString()}` });
        await waitFor(() => (engine.lastStepMs ?? 0) >= tick, { timeoutMs: 5000, intervalMs: 5, what: `the engine step at ${new Date(tick).toISOString()}` });
        await new Promise((resolve) => setImmediate(resolve)); // the acknowledgements of its plans
      };
      let last = startMs;
      for await (const m of readRecording(cutFile, (bad) => {
        throw new Error(`bad line ${bad.lineNumber}: ${bad.error}`);
      })) {
        for (; nextTick < m.receivedAt; nextTick += TICK_MS) await stepTo(nextTick);
        clock.set(m.receivedAt);
        broker.deliverFromDevice(m.topic, m.payload);
        last = m.receivedAt;
      }
      for (; nextTick <= last; nextTick += TICK_MS) await stepTo(nextTick);
    } finally {
      acks();
      await live.close();
    }
    await replaying;

    // Live the same plans were sent, then accepted: their records at sending and the trail without the acceptances.
    const livePlans = linesOf(read(path.join(dir, 'live'), 'dispatched-plan.ndjson'));
    const accepted = livePlans.filter((l) => (JSON.parse(l) as { plan: { status: string } }).plan.status === 'accepted');
    const liveSent = livePlans.filter((l) => (JSON.parse(l) as { plan: { status: string } }).plan.status === 'sent');
    const replayedPlans = linesOf(read(replayed, 'dispatched-plan.ndjson'));
    expect(replayedPlans.length).toBeGreaterThan(20);
    expect(accepted).toHaveLength(liveSent.length);
    expect(liveSent).toEqual(replayedPlans);
    const liveTrail = linesOf(read(path.join(dir, 'live'), 'control-audit.ndjson')).filter((l) => (JSON.parse(l) as { event: { action: string } }).event.action !== 'plan-accepted');
    expect(liveTrail).toEqual(linesOf(read(replayed, 'control-audit.ndjson')));
  }, 120_000);
});
