/**
 * `npm run eval:prediction` end to end: two simulated days of a 3 × 3 grid (an incident on the second day, detector
 * faults on), gzipped, run through the built CLI with the network file for neighbours. Checks the summary line, the
 * report files, and that the strong model beats both baselines 15 minutes ahead on held-out time.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { serializeNetwork } from '@arterial/traffic-sim';
import { localMidnight, networkOf, type SimulatedDatasetSpec } from './support/simulated-dataset';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'services', 'processor', 'dist', 'evaluation', 'eval-prediction.cli.js');
/** Built by tsc -b like the CLI; the simulator runs far faster in a plain Node process than inside Jest. */
const MAKE_DATASET = path.join(ROOT, 'test', 'dist', 'eval', 'support', 'simulated-dataset.cli.js');

interface Summary {
  models: Record<string, { mae: number; rmse: number; mape: number | null; byHorizon: Record<string, { mae: number; rmse: number; mape: number | null }> }>;
  trainS: number;
  predictPerS: number;
}

function run(args: string[], script = CLI): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('eval:prediction', () => {
  const spec: SimulatedDatasetSpec = {
    network: { rows: 3, cols: 3 },
    days: 2,
    seed: 11,
    startMs: localMidnight('2025-03-03'),
    detectorIntervalS: 300,
    incidentDays: [1],
  };
  let dir: string;
  let input: string;
  let networkFile: string;

  beforeAll(async () => {
    expect([fs.existsSync(CLI), fs.existsSync(MAKE_DATASET)]).toEqual([true, true]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-prediction-'));
    input = path.join(dir, 'grid.ndjson.gz');
    networkFile = path.join(dir, 'grid.geojson');
    fs.writeFileSync(networkFile, serializeNetwork(networkOf(spec)));
    const made = await run(['--spec', JSON.stringify(spec), '--out', input], MAKE_DATASET);
    expect({ code: made.code, stderr: made.code === 0 ? '' : made.stderr }).toEqual({ code: 0, stderr: '' });
    // About 16 s of CPU; the wall time is whatever the other jobs on a shared machine leave.
  }, 240_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('scores every model, writes the report, and the best model beats both baselines at 15 minutes', async () => {
    const report = path.join(dir, 'report');
    const { code, stdout, stderr } = await run(['--input', input, '--network', networkFile, '--report', report, '--utc-offset', '8']);
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });

    const lines = stdout.trim().split('\n');
    const summary = JSON.parse(lines[lines.length - 1] as string) as Summary;
    expect(Object.keys(summary).sort()).toEqual(['models', 'predictPerS', 'trainS']);
    expect(Object.keys(summary.models).sort()).toEqual(['historical-average', 'persistence', 'ridge']);
    for (const m of Object.values(summary.models)) {
      expect(Object.keys(m.byHorizon)).toEqual(['1', '3', '6', '12']);
      expect(m.mae).toBeGreaterThan(0);
      // The overall MAE is the mean over the horizons.
      const mean = Object.values(m.byHorizon).reduce((s, h) => s + h.mae, 0) / 4;
      expect(m.mae).toBeCloseTo(mean, 3);
    }
    expect(summary.trainS).toBeGreaterThan(0);
    expect(summary.predictPerS).toBeGreaterThan(0);

    for (const file of ['prediction-report.md', 'prediction-report.json', 'error-by-horizon.svg', 'error-by-time-of-day.svg']) {
      expect(fs.statSync(path.join(report, file)).size).toBeGreaterThan(200);
    }
    const json = JSON.parse(fs.readFileSync(path.join(report, 'prediction-report.json'), 'utf8')) as {
      run: { neighbours: string; detectorsWithNeighbours: number };
      worstDetectors: { detectorId: string; mae: Record<string, number> }[];
    };
    expect(json.run.neighbours).toBe('network');
    expect(json.run.detectorsWithNeighbours).toBeGreaterThan(0);
    expect(json.worstDetectors.length).toBeGreaterThan(0);
    expect(json.worstDetectors.length).toBeLessThanOrEqual(10);
    expect(Object.keys(json.worstDetectors[0]?.mae ?? {}).sort()).toEqual(['historical-average', 'persistence', 'ridge']);

    const at15 = (name: string): number => summary.models[name]?.byHorizon['3']?.mae ?? NaN;
    const best = Object.entries(summary.models).sort((a, b) => a[1].mae - b[1].mae)[0]?.[0] as string;
    expect(best).toBe('ridge');
    expect(at15(best)).toBeLessThan(0.9 * at15('persistence'));
    expect(at15(best)).toBeLessThan(0.9 * at15('historical-average'));
  }, 180_000);

  it('explains a bad command line and exits with 2', async () => {
    const { code, stdout, stderr } = await run(['--input', input, '--horizons', 'soon']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/--horizons must be whole numbers/);
    expect(stderr).toMatch(/Usage: npm run eval:prediction/);
  });

  it('refuses to aggregate to an interval that is not a multiple of the input\'s', async () => {
    const { code, stderr } = await run(['--input', input, '--aggregate-s', '450']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/--aggregate-s 450 is not a multiple of the input's 300 s interval/);
  });
});
