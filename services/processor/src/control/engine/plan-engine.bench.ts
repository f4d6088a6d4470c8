/**
 * Control benchmark: one planning round of a generated 3,000-junction grid (50 × 60) with each strategy, through
 * the engine's own step (demand extraction, group passes, safety checks; the dispatcher replaced by a sink that
 * accepts). Every junction is due at once, the worst case. Prints progress, then one JSON line last:
 * {"junctions":3000,"strategies":{"webster":{"medianMs":…,"p95Ms":…},…},"cycleS":…,"withinOneCycle":…}
 *
 * Run: npx tsc -b services/processor && npm run bench:control  (BENCH_RUNS, BENCH_ROWS, BENCH_COLS override; the
 * script runs node with --expose-gc so each timed round starts from a collected heap).
 */
import { CONTROL_STRATEGIES, type ControlStrategy } from '@arterial/contracts/api/v1';
import { intersectionsOf, timingViolations } from '@arterial/contracts/network';
import { Subject } from 'rxjs';
import { ManualClock } from '../../clock/clock';
import type { IntervalEstimates } from '../../estimation/estimation.types';
import { DEFAULT_CONTROL_OPTIONS } from './control-options';
import { PlanEngineService, type EnginePlanSink } from './plan-engine.service';
import { syntheticEstimates } from './synthetic-estimates';
import { syntheticGrid } from './synthetic-grid';

const ROWS = Number(process.env.BENCH_ROWS ?? 50);
const COLS = Number(process.env.BENCH_COLS ?? 60);
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 7));
const NOW = Date.UTC(2026, 10, 30, 8);

/** Deterministic flows: major roads (every fourth) busier, a little spread per approach. */
function flowOf(approachId: string, lanes: number): number {
  let h = 2166136261;
  for (let i = 0; i < approachId.length; i++) h = Math.imul(h ^ approachId.charCodeAt(i), 16777619);
  return lanes * (250 + ((h >>> 0) % 300));
}

const acceptAll: EnginePlanSink = { dispatch: () => Promise.resolve(), plansFor: () => [] };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const model = syntheticGrid(ROWS, COLS);
  const junctions = new Map(intersectionsOf(model).map((f) => [f.properties.id, f.properties]));
  const estimates = syntheticEstimates(model, NOW, flowOf);
  console.log(`grid ${ROWS} × ${COLS}: ${junctions.size} junctions, ${model.features.length} features, built in ${Math.round(performance.now() - t0)} ms`);
  const strategies: Record<string, { medianMs: number; p95Ms: number }> = {};
  let longestCycleS = 0;
  let shortestCycleS = Number.POSITIVE_INFINITY;
  for (const strategy of CONTROL_STRATEGIES as readonly ControlStrategy[]) {
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const sut = new PlanEngineService(new ManualClock(NOW), { ...DEFAULT_CONTROL_OPTIONS, defaultStrategy: strategy }, model, new Subject<IntervalEstimates>(), acceptAll, null, null);
      sut.ingest(estimates);
      // Collect the setup's garbage first (with --expose-gc), so the time is the round's, not the setup's.
      (globalThis as { gc?: () => void }).gc?.();
      const start = performance.now();
      const planned = await sut.step(NOW);
      times.push(performance.now() - start);
      if (run === 0) {
        const unsafe = planned.filter((p) => !p.sent || timingViolations(junctions.get(p.intersectionId)!, p.timing).length > 0);
        if (planned.length !== junctions.size || unsafe.length > 0) throw new Error(`${strategy}: ${planned.length} planned, ${unsafe.length} not sent or unsafe`);
        for (const p of planned) {
          longestCycleS = Math.max(longestCycleS, p.timing.cycleS);
          shortestCycleS = Math.min(shortestCycleS, p.timing.cycleS);
        }
      }
    }
    const sorted = [...times].sort((a, b) => a - b);
    strategies[strategy] = { medianMs: round1(percentile(sorted, 50)), p95Ms: round1(percentile(sorted, 95)) };
    console.log(`${strategy}: ${RUNS} runs, median ${strategies[strategy]!.medianMs} ms, p95 ${strategies[strategy]!.p95Ms} ms`);
  }
  // The budget is the shortest cycle planned: every junction must be replanned before its next cycle starts.
  const worstMs = Math.max(...Object.values(strategies).map((s) => s.p95Ms));
  console.log(JSON.stringify({ junctions: junctions.size, strategies, cycleS: shortestCycleS, longestCycleS, withinOneCycle: worstMs < shortestCycleS * 1000 }));
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
