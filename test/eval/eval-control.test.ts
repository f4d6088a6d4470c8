/**
 * `npm run eval:control` end to end through the built CLI: a generated 2 × 2 grid for 300 simulated seconds with
 * SUMO's fixed-time and actuated controllers and the platform's Webster strategy (its own processor, the real
 * closed loop). Checks the last stdout line's shape, that traffic flowed in every variant and that the bridge's
 * conflict monitor saw nothing unsafe, and the report files. Then several seeds: the same summary shape, each figure
 * the median of the seeds' runs kept in the JSON report. Last, the turn-bay grid through the whole loop: the engine lets
 * presence-bounded phases be skipped (contract v1.3) and the lights skip the protected lefts nobody calls.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'simulators', 'sumo-bridge', 'dist', 'eval', 'eval-control.cli.js');
const FIELDS = ['meanDelayS', 'meanTimeLossS', 'meanWaitingS', 'meanTravelTimeS', 'arrived', 'running', 'notInserted', 'plansSent', 'plansRejected', 'unsafe'];
const VARIANTS = ['sumo-static', 'sumo-actuated', 'webster'];

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('eval:control', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-control-test-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('compares SUMO controllers and the platform on one grid, same seed, with a JSON summary last', async () => {
    expect(fs.existsSync(CLI)).toBe(true);
    const report = path.join(dir, 'report');
    const result = await run(['--grid', '2x2', '--end', '300', '--variants', VARIANTS.join(','), '--seed', '3', '--jobs', '2', '--report', report]);
    expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({ code: 0, stderr: '' });

    const lines = result.stdout.trim().split('\n');
    const summary = JSON.parse(lines[lines.length - 1]!) as { scenario: string; variants: Record<string, Record<string, number>> };
    expect(Object.keys(summary)).toEqual(['scenario', 'variants']);
    expect(summary.scenario).toBe('grid-2x2');
    expect(Object.keys(summary.variants)).toEqual(VARIANTS);
    for (const name of VARIANTS) {
      const v = summary.variants[name]!;
      expect(Object.keys(v)).toEqual(FIELDS);
      expect(Object.values(v).every((x) => typeof x === 'number' && Number.isFinite(x))).toBe(true);
      expect({ name, arrived: v.arrived! > 0, unsafe: v.unsafe, plansRejected: v.plansRejected }).toEqual({ name, arrived: true, unsafe: 0, plansRejected: 0 });
      expect(v.meanDelayS).toBeGreaterThan(0);
    }
    // SUMO's own controllers only observe: no plan reaches them.
    expect([summary.variants['sumo-static']!.plansSent, summary.variants['sumo-actuated']!.plansSent]).toEqual([0, 0]);
    // Progress per variant on stderr.
    for (const name of VARIANTS) expect(result.stderr).toContain(`[${name}] done`);

    expect(fs.readdirSync(report).sort()).toEqual(['eval-control.json', 'eval-control.md', 'eval-control.svg']);
    expect(fs.readFileSync(path.join(report, 'eval-control.md'), 'utf8')).toContain('| webster |');
  }, 60_000);

  it('runs every variant per seed and summarises each measure as the median over the seeds', async () => {
    const report = path.join(dir, 'seeds');
    const variants = ['sumo-static', 'webster'];
    const result = await run(['--grid', '2x2', '--end', '240', '--variants', variants.join(','), '--seeds', '1,2,3', '--jobs', '2', '--report', report]);
    expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = result.stdout.trim().split('\n');
    const summary = JSON.parse(lines[lines.length - 1]!) as { scenario: string; variants: Record<string, Record<string, number>> };
    expect(Object.keys(summary)).toEqual(['scenario', 'variants']);
    for (const name of variants) expect(Object.keys(summary.variants[name]!)).toEqual(FIELDS);

    const full = JSON.parse(fs.readFileSync(path.join(report, 'eval-control.json'), 'utf8')) as { seeds: number[]; perSeed: { seed: number; variants: Record<string, Record<string, number>> }[] };
    expect(full.seeds).toEqual([1, 2, 3]);
    expect(full.perSeed.map((p) => p.seed)).toEqual([1, 2, 3]);
    const middle = (xs: number[]): number => [...xs].sort((a, b) => a - b)[1]!;
    for (const name of variants) {
      for (const field of FIELDS) expect({ name, field, value: summary.variants[name]![field] }).toEqual({ name, field, value: middle(full.perSeed.map((p) => p.variants[name]![field]!)) });
      for (const seed of [1, 2, 3]) expect(result.stderr).toContain(`[${name} seed ${seed}] done`);
    }
    // The demand differs per seed: the seeds are really different runs.
    expect(new Set(full.perSeed.map((p) => p.variants['sumo-static']!.arrived)).size).toBeGreaterThan(1);
    const markdown = fs.readFileSync(path.join(report, 'eval-control.md'), 'utf8');
    expect(markdown).toContain('SUMO seeds 1, 2, 3');
    expect(markdown).toContain('## Seed 3');
  }, 120_000);

  it('skips uncalled phases through the whole loop on the turn-bay grid: engine plans, lights skip, nothing unsafe', async () => {
    const report = path.join(dir, 'bays');
    const result = await run(['--scenario', 'grid-bays', '--grid', '2x1', '--end', '600', '--variants', 'sumo-actuated,max-pressure', '--seed', '1', '--jobs', '2', '--report', report]);
    expect(result.code).toBe(0);
    const full = JSON.parse(fs.readFileSync(path.join(report, 'eval-control.json'), 'utf8')) as { variants: Record<string, { plansSent: number; plansRejected: number; phasesSkipped: number; unsafe: number; arrived: number }> };
    const platform = full.variants['max-pressure']!;
    expect(platform.plansSent).toBeGreaterThan(0);
    expect(platform.plansRejected).toBe(0);
    expect(platform.phasesSkipped).toBeGreaterThan(0);
    expect(platform.unsafe).toBe(0);
    expect(platform.arrived).toBeGreaterThan(0);
    // SUMO's own controller serves every phase of its program.
    expect(full.variants['sumo-actuated']!.phasesSkipped).toBe(0);
  }, 120_000);
});
