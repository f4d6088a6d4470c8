import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { anyVariantFailed, markdownOf, summaryOf, writeReport, type EvalReport, type VariantRun } from './eval-report';

function run(overrides: Partial<VariantRun> = {}): VariantRun {
  return {
    meanDelayS: 40, meanTimeLossS: 35, meanWaitingS: 20, meanTravelTimeS: 120, arrived: 900, running: 40, notInserted: 2,
    plansSent: 0, plansRejected: 0, unsafe: 0, rejectedBy: {}, plansExpired: 0, phasesSkipped: 0, wallS: 12.5, simulatedS: 1800, ...overrides,
  };
}

const report: EvalReport = {
  scenario: 'arterial',
  beginS: 0,
  endS: 1800,
  seeds: [1],
  startedAt: '2026-01-01T00:00:00.000Z',
  variants: { 'sumo-static': run(), webster: run({ meanDelayS: 31.5, plansSent: 60 }) },
  perSeed: [],
};
report.perSeed.push({ seed: 1, variants: report.variants });

describe(summaryOf.name, () => {
  it('keeps exactly the summary fields, in the agreed shape', () => {
    const sut = summaryOf(report);
    expect(Object.keys(sut)).toEqual(['scenario', 'variants']);
    expect(sut.variants.webster).toEqual({
      meanDelayS: 31.5, meanTimeLossS: 35, meanWaitingS: 20, meanTravelTimeS: 120, arrived: 900, running: 40, notInserted: 2, plansSent: 60, plansRejected: 0, unsafe: 0,
    });
    expect(anyVariantFailed(sut)).toBe(false);
  });

  it('gives a variant that failed null measures and its error, never zeros', () => {
    const sut = summaryOf({ ...report, variants: { ...report.variants, scats: run({ error: 'TraCI connection closed; sumo said: Error: No connection' }) } });
    expect(sut.variants.scats).toEqual({
      meanDelayS: null, meanTimeLossS: null, meanWaitingS: null, meanTravelTimeS: null, arrived: null, running: null, notInserted: null, plansSent: null, plansRejected: null, unsafe: null,
      error: 'TraCI connection closed; sumo said: Error: No connection',
    });
    expect(anyVariantFailed(sut)).toBe(true);
  });
});

describe(markdownOf.name, () => {
  it('has a row per variant and names failures', () => {
    const sut = markdownOf({ ...report, variants: { ...report.variants, scats: run({ error: 'processor did not start' }) } });
    expect(sut).toContain('| webster | 31.5 |');
    expect(sut).toContain('| scats (failed) |');
    expect(sut).toContain('**scats** failed: processor did not start');
  });
  it('says why plans were rejected', () => {
    const sut = markdownOf({ ...report, variants: { webster: run({ plansRejected: 3, rejectedBy: { expired: 2, 'cycle-mismatch': 1 } }) } });
    expect(sut).toContain('- webster: plans rejected by expired ×2, cycle-mismatch ×1');
  });
  it('with several seeds: the medians first, then a table per seed, failures named with their seed', () => {
    const seed2 = { webster: run({ meanDelayS: 29, error: 'timeout' }) };
    const sut = markdownOf({ ...report, seeds: [1, 2], variants: { webster: run({ meanDelayS: 30 }) }, perSeed: [{ seed: 1, variants: { webster: run({ meanDelayS: 31 }) } }, { seed: 2, variants: seed2 }] });
    expect(sut).toContain('SUMO seeds 1, 2');
    expect(sut).toContain('median over the seeds');
    expect(sut.indexOf('| webster | 30 |')).toBeLessThan(sut.indexOf('## Seed 1'));
    expect(sut.indexOf('| webster | 31 |')).toBeGreaterThan(sut.indexOf('## Seed 1'));
    expect(sut).toContain('| webster (failed) | 29 |');
    expect(sut).toContain('**webster** failed with seed 2: timeout');
  });
});

describe(writeReport.name, () => {
  it('writes the JSON, the Markdown and an SVG bar per variant', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-eval-report-'));
    try {
      const files = writeReport(dir, report);
      expect(files.map((f) => path.basename(f))).toEqual(['eval-control.json', 'eval-control.md', 'eval-control.svg']);
      expect(JSON.parse(fs.readFileSync(files[0]!, 'utf8'))).toEqual(report);
      const svg = fs.readFileSync(files[2]!, 'utf8');
      expect(svg.match(/<rect x=/g)).toHaveLength(2);
      expect(svg).toContain('31.5 s');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
