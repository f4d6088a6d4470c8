/**
 * Replay: one simulated hour of the demo network (the traffic simulator's own NDJSON, made by `npm run sim` in a child
 * process) replayed twice by the replay CLI, once from the plain file and once from a gzipped copy, gives
 * byte-identical results (link estimates, detector quality, KPIs, alerts and predictions); and the first minutes
 * replayed match, byte for byte, what a live processor (wall-clock ticker polling a ManualClock, in-memory broker)
 * produced from the same messages.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { CENTRE_SUBSCRIPTIONS } from '@arterial/contracts/mqtt/v1';
import { InMemoryBrokerConnection, ManualClock, readRecording, startProcessor } from '@arterial/processor';
import { waitFor } from '../support/wait-for';
import { REPLAY_CLI, runCli, SIM_CLI, SteppedStore } from './replay-support';

const START = '2026-03-02T06:00:00+08:00';
const MIN = 60_000;
/** What the live comparison covers: the estimation steps of these first minutes (each waits for a real-time poll). */
const LIVE_MINUTES = 12;

interface ReplaySummary {
  messages: number;
  accepted: number;
  rejected: number;
  simulatedS: number;
  wallS: number;
  speedup: number;
  outputs: Record<string, number>;
}


function filesOf(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}



describe('replay', () => {
  let dir: string;
  let simFile: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-replay-'));
    simFile = path.join(dir, 'sim.ndjson');
    await runCli(SIM_CLI, ['--network', 'demo', '--hours', '1', '--start', START, '--out', simFile]);
  }, 60_000);

  afterAll(() => (process.env.KEEP_REPLAY_TEST_DIR ? undefined : fs.rmSync(dir, { recursive: true, force: true })));

  it('gives byte-identical results twice, from the plain file and from a gzipped copy', async () => {
    const gzFile = `${simFile}.gz`;
    fs.writeFileSync(gzFile, gzipSync(fs.readFileSync(simFile)));
    const first = JSON.parse(await runCli(REPLAY_CLI, ['--in', simFile, '--out-dir', path.join(dir, 'a')])) as ReplaySummary;
    const second = JSON.parse(await runCli(REPLAY_CLI, ['--in', gzFile, '--out-dir', path.join(dir, 'b')])) as ReplaySummary;

    expect(first.messages).toBe(fs.readFileSync(simFile, 'utf8').trim().split('\n').length);
    expect(first.accepted).toBe(first.messages);
    expect(first.rejected).toBe(0);
    expect(first.simulatedS).toBeGreaterThan(3500);
    expect(first.outputs['link-estimate']).toBeGreaterThan(0);
    expect(first.outputs.kpi).toBeGreaterThan(50);
    expect(first.outputs['detector-quality']).toBeGreaterThan(0);
    expect(second).toEqual({ ...first, wallS: second.wallS, speedup: second.speedup, in: gzFile, out: path.join(dir, 'b') });
    expect(filesOf(path.join(dir, 'a'))).toEqual(filesOf(path.join(dir, 'b')));
    expect(filesOf(path.join(dir, 'a'))).toEqual(expect.arrayContaining(['detector-quality.ndjson', 'kpi.ndjson', 'link-estimate.ndjson']));
    for (const name of filesOf(path.join(dir, 'a'))) {
      expect({ name, same: fs.readFileSync(path.join(dir, 'a', name)).equals(fs.readFileSync(path.join(dir, 'b', name))) }).toEqual({ name, same: true });
    }
  }, 60_000);

  it('matches what a live processor produced from the same messages', async () => {
    // The first minutes of the recording, replayed by the CLI.
    const lines = fs.readFileSync(simFile, 'utf8').trim().split('\n');
    const firstTs = (JSON.parse(lines[0] as string) as { ts: number }).ts;
    const cut = lines.filter((l) => (JSON.parse(l) as { ts: number }).ts <= firstTs + LIVE_MINUTES * MIN);
    const cutFile = path.join(dir, 'live-minutes.ndjson');
    fs.writeFileSync(cutFile, `${cut.join('\n')}\n`);
    await runCli(REPLAY_CLI, ['--in', cutFile, '--out-dir', path.join(dir, 'replayed')]);

    // Live: the processor's own wall-clock ticker polls a ManualClock the test moves; messages arrive over the
    // in-memory broker. Each boundary waits for the ticker's real-time poll, exactly as the wall clock would.
    const startMs = firstTs - 1;
    const clock = new ManualClock(startMs);
    const broker = new InMemoryBrokerConnection({ subscriptions: CENTRE_SUBSCRIPTIONS, clock });
    const store = new SteppedStore(path.join(dir, 'live'));
    const live = await startProcessor({ clock, broker, store, http: false, config: { spoolDir: path.join(dir, 'spool') } });
    try {
      let nextBoundary = Math.floor(startMs / MIN) * MIN + MIN;
      const stepTo = async (boundary: number) => {
        clock.set(boundary);
        await waitFor(() => store.lastEstimateTs >= boundary, { timeoutMs: 5000, intervalMs: 20, what: `the estimation step at ${new Date(boundary).toISOString()}` });
      };
      let last = startMs;
      for await (const m of readRecording(cutFile, (bad) => {
        throw new Error(`bad line ${bad.lineNumber}: ${bad.error}`);
      })) {
        while (nextBoundary < m.receivedAt) {
          await stepTo(nextBoundary);
          nextBoundary += MIN;
        }
        clock.set(m.receivedAt);
        broker.deliverFromDevice(m.topic, m.payload);
        last = m.receivedAt;
      }
      if (nextBoundary <= last) await stepTo(nextBoundary);
    } finally {
      await live.close();
    }

    const compared = ['detector-quality.ndjson', 'kpi.ndjson', 'link-estimate.ndjson', 'prediction.ndjson'].filter((f) => fs.existsSync(path.join(dir, 'replayed', f)));
    expect(compared).toEqual(expect.arrayContaining(['detector-quality.ndjson', 'kpi.ndjson', 'link-estimate.ndjson']));
    for (const name of compared) {
      const replayed = fs.readFileSync(path.join(dir, 'replayed', name), 'utf8');
      expect(replayed.length).toBeGreaterThan(0);
      expect({ name, text: fs.readFileSync(path.join(dir, 'live', name), 'utf8') }).toEqual({ name, text: replayed });
    }
  }, 60_000);
});
