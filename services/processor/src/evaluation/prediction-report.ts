/**
 * The evaluation's outputs: the one-line JSON summary for scripts, and the report (Markdown, JSON and two SVG
 * charts: error by horizon, error by time of day at the horizon nearest 15 minutes).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BASELINE_MODELS } from '../prediction/model-registry';
import type { GridReadReport } from './measurement-grid.reader';
import type { EvaluationResult, ModelEvaluation } from './prediction-evaluator';
import { renderLineChart } from './svg-line-chart';

export interface RunFacts {
  input: string;
  target: string;
  detectors: number;
  steps: number;
  stepS: number;
  startIso: string;
  endIso: string;
  split: readonly number[];
  history: number;
  horizons: readonly number[];
  neighbours: 'adjacency' | 'network' | 'none';
  detectorsWithNeighbours: number;
  online: boolean;
  utcOffsetHours: number;
  rows: number;
  readS: number;
  peakRssMb: number;
}

export interface PredictionSummary {
  models: Record<string, { mae: number | null; rmse: number | null; mape: number | null; byHorizon: Record<string, { mae: number | null; rmse: number | null; mape: number | null }> }>;
  trainS: number;
  predictPerS: number;
}

export interface PredictionReport {
  run: RunFacts;
  read: GridReadReport;
  split: EvaluationResult['split'];
  /** Horizon (intervals) nearest 15 minutes: the one the comparison below and the time-of-day chart use. */
  focusHorizon: number;
  best: string;
  /** 1 − MAE(best) / MAE(baseline) at the focus horizon. */
  improvementOverBaselines: Record<string, number | null>;
  /** The detectors with the largest error of the best model at the focus horizon, largest first. */
  worstDetectors: WorstDetector[];
  models: Record<string, ModelEvaluation>;
}

export interface WorstDetector {
  detectorId: string;
  /** MAE of every model at the focus horizon. */
  mae: Record<string, number | null>;
  /** This detector's share of the best model's summed MAE over all detectors. */
  shareOfError: number;
}

const WORST_DETECTORS = 10;

const round = (v: number | null, digits = 4): number | null => (v === null || !Number.isFinite(v) ? null : Number(v.toFixed(digits)));

export function focusHorizonOf(horizons: readonly number[], stepS: number): number {
  return horizons.reduce((best, h) => (Math.abs(h * stepS - 900) < Math.abs(best * stepS - 900) ? h : best), horizons[0] ?? 1);
}

/** Lowest mean MAE over the requested horizons. */
export function bestModel(models: readonly ModelEvaluation[]): ModelEvaluation {
  const scored = models.filter((m) => m.score.mae !== null);
  const best = scored.reduce<ModelEvaluation | undefined>((a, m) => (!a || (m.score.mae as number) < (a.score.mae as number) ? m : a), undefined);
  if (!best) throw new Error('no model produced a score: the test part has no true values');
  return best;
}

export function summaryOf(result: EvaluationResult): PredictionSummary {
  const best = bestModel(result.models);
  return {
    models: Object.fromEntries(
      result.models.map((m) => [
        m.name,
        {
          mae: round(m.score.mae),
          rmse: round(m.score.rmse),
          mape: round(m.score.mape),
          byHorizon: Object.fromEntries(
            Object.entries(m.score.byHorizon).map(([h, s]) => [h, { mae: round(s.mae), rmse: round(s.rmse), mape: round(s.mape) }]),
          ),
        },
      ]),
    ),
    trainS: Number(result.models.reduce((s, m) => s + m.fitS, 0).toFixed(3)),
    predictPerS: Math.round(best.predictPerS),
  };
}

export function buildReport(result: EvaluationResult, run: RunFacts, read: GridReadReport, detectorIds: readonly string[]): PredictionReport {
  const best = bestModel(result.models);
  const focus = focusHorizonOf(run.horizons, run.stepS);
  const maeAt = (m: ModelEvaluation): number | null => m.score.byHorizon[String(focus)]?.mae ?? null;
  const improvementOverBaselines: Record<string, number | null> = {};
  for (const name of BASELINE_MODELS) {
    const baseline = result.models.find((m) => m.name === name);
    const b = baseline ? maeAt(baseline) : null;
    const m = maeAt(best);
    improvementOverBaselines[name] = b !== null && m !== null && b > 0 ? round(1 - m / b) : null;
  }
  return {
    run,
    read,
    split: result.split,
    focusHorizon: focus,
    best: best.name,
    improvementOverBaselines,
    worstDetectors: worstDetectors(result.models, best, run.horizons.indexOf(focus), detectorIds),
    models: Object.fromEntries(result.models.map((m) => [m.name, m])),
  };
}

/** Where the best model's error is: the detectors with the largest MAE at horizon index k, each model's MAE there. */
export function worstDetectors(models: readonly ModelEvaluation[], best: ModelEvaluation, k: number, detectorIds: readonly string[]): WorstDetector[] {
  const bestMae = best.score.maeByDetector[k] ?? [];
  const total = bestMae.reduce<number>((s, v) => s + (v ?? 0), 0);
  return detectorIds
    .map((detectorId, d) => ({ detectorId, d, mae: bestMae[d] ?? null }))
    .filter((x): x is { detectorId: string; d: number; mae: number } => x.mae !== null)
    .sort((a, b) => b.mae - a.mae)
    .slice(0, WORST_DETECTORS)
    .map(({ detectorId, d, mae }) => ({
      detectorId,
      mae: Object.fromEntries(models.map((m) => [m.name, round(m.score.maeByDetector[k]?.[d] ?? null)])),
      shareOfError: total > 0 ? (round(mae / total) as number) : 0,
    }));
}

export function writeReport(dir: string, report: PredictionReport): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const files = {
    'prediction-report.json': `${JSON.stringify(report, null, 2)}\n`,
    'prediction-report.md': markdownOf(report),
    'error-by-horizon.svg': horizonChart(report),
    'error-by-time-of-day.svg': timeOfDayChart(report),
  };
  return Object.entries(files).map(([name, content]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  });
}

function horizonChart(report: PredictionReport): string {
  const stepMin = report.run.stepS / 60;
  return renderLineChart({
    title: `MAE by horizon (${report.run.target})`,
    xLabel: 'horizon (minutes)',
    yLabel: `MAE (${report.run.target})`,
    series: Object.values(report.models).map((m) => ({
      name: m.name,
      points: report.run.horizons.map((h) => ({ x: h * stepMin, y: m.score.byHorizon[String(h)]?.mae ?? null })),
    })),
  });
}

function timeOfDayChart(report: PredictionReport): string {
  const k = report.run.horizons.indexOf(report.focusHorizon);
  return renderLineChart({
    title: `MAE by time of day, ${formatMinutes(report.focusHorizon * report.run.stepS)} ahead (${report.run.target})`,
    xLabel: `local hour of the target time (UTC${report.run.utcOffsetHours >= 0 ? '+' : ''}${report.run.utcOffsetHours})`,
    yLabel: `MAE (${report.run.target})`,
    xTicks: [0, 3, 6, 9, 12, 15, 18, 21].map((x) => ({ x, label: `${x}:00` })),
    series: Object.values(report.models).map((m) => ({
      name: m.name,
      points: (m.score.maeByHour[k] ?? []).map((y, hour) => ({ x: hour, y })),
    })),
  });
}

function markdownOf(report: PredictionReport): string {
  const { run } = report;
  const num = (v: number | null | undefined, digits = 3): string => (v === null || v === undefined ? '–' : v.toFixed(digits));
  const lines: string[] = [];
  lines.push(`# Prediction evaluation: ${run.target}`, '');
  lines.push(`Input \`${path.basename(run.input)}\`: ${run.detectors} detectors × ${run.steps} intervals of ${run.stepS} s (${run.startIso} to ${run.endIso}), ${(100 * report.read.completeness).toFixed(1)} % of cells with a value.`);
  lines.push(
    `Chronological split ${run.split.map((s) => s.toFixed(2)).join(' / ')}: ${report.split.trainSteps} training, ${report.split.validationSteps} validation, ${report.split.testSteps} test intervals; ${report.split.testWindows} test windows of ${run.history} intervals; neighbours from ${run.neighbours} (${run.detectorsWithNeighbours} detectors have some); online learning on the test part: ${run.online ? 'yes' : 'no'}.`,
    '',
  );
  lines.push(`Best model: **${report.best}**. At ${formatMinutes(report.focusHorizon * run.stepS)} (horizon ${report.focusHorizon}) its MAE is lower than`);
  for (const [name, imp] of Object.entries(report.improvementOverBaselines)) lines.push(`- ${name}'s by ${imp === null ? '–' : `${(100 * imp).toFixed(1)} %`}`);
  lines.push('', '## Error by horizon', '');
  lines.push(`| model | ${run.horizons.map((h) => `MAE @${formatMinutes(h * run.stepS)}`).join(' | ')} | MAE (mean) | RMSE (mean) | MAPE % (mean) |`);
  lines.push(`|---|${run.horizons.map(() => '---:').join('|')}|---:|---:|---:|`);
  for (const m of Object.values(report.models)) {
    lines.push(`| ${m.name} | ${run.horizons.map((h) => num(m.score.byHorizon[String(h)]?.mae)).join(' | ')} | ${num(m.score.mae)} | ${num(m.score.rmse)} | ${num(m.score.mape, 1)} |`);
  }
  lines.push('', '80 % interval coverage (share of truths inside the interval; 0.80 is calibrated):', '');
  lines.push(`| model | ${run.horizons.map((h) => `@${formatMinutes(h * run.stepS)}`).join(' | ')} |`);
  lines.push(`|---|${run.horizons.map(() => '---:').join('|')}|`);
  for (const m of Object.values(report.models)) {
    lines.push(`| ${m.name} | ${run.horizons.map((h) => num(m.score.byHorizon[String(h)]?.coverage, 2)).join(' | ')} |`);
  }
  if (report.worstDetectors.length > 0) {
    const names = Object.keys(report.models);
    lines.push('', `Detectors with the largest error of ${report.best} at ${formatMinutes(report.focusHorizon * run.stepS)}:`, '');
    lines.push(`| detector | ${names.map((n) => `MAE ${n}`).join(' | ')} | share of ${report.best}'s error |`);
    lines.push(`|---|${names.map(() => '---:').join('|')}|---:|`);
    for (const w of report.worstDetectors) {
      lines.push(`| ${w.detectorId} | ${names.map((n) => num(w.mae[n])).join(' | ')} | ${(100 * w.shareOfError).toFixed(1)} % |`);
    }
  }
  lines.push('', '![MAE by horizon](error-by-horizon.svg)', '', '![MAE by time of day](error-by-time-of-day.svg)', '');
  lines.push('## Cost', '');
  lines.push('| model | fit (s) | forecasts per s | ms per interval (whole network) |', '|---|---:|---:|---:|');
  for (const m of Object.values(report.models)) lines.push(`| ${m.name} | ${m.fitS.toFixed(2)} | ${Math.round(m.predictPerS)} | ${m.msPerInterval.toFixed(2)} |`);
  lines.push('', `Reading the input took ${run.readS.toFixed(1)} s for ${report.read.lines} lines (${report.read.malformed} malformed, ${report.read.otherInterval} on another interval, ${report.read.duplicates} duplicates, ${report.read.misaligned} off the grid); peak RSS ${run.peakRssMb} MB.`, '');
  lines.push('Metrics: MAE, RMSE and MAPE (over non-zero truth) on non-missing truth only; the mean columns average the horizons.', '');
  return `${lines.join('\n')}\n`;
}

function formatMinutes(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}
