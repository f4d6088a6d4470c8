/** Which strategy plans which junction, and how often. `off` (the default) leaves junctions to their local plans. */
import { CONTROL_STRATEGIES, type ControlStrategy } from '@arterial/contracts/api/v1';

export type StrategyChoice = ControlStrategy | 'off';

export interface ControlOptions {
  defaultStrategy: StrategyChoice;
  perIntersection?: Record<string, StrategyChoice>;
  /** Plan each junction once every this many of its cycles. */
  replanEveryCycles: number;
  /** How often (real time) the engine reads the clock for junctions that are due. */
  pollMs: number;
  /** Granularity (virtual time) at which due junctions are looked for. */
  tickMs: number;
  /** Time constant of the demand smoothing (exponential, ~ a 15-minute moving average). */
  smoothingS: number;
  /** An approach without a trusted measurement for this long has no input. */
  staleAfterS: number;
  /** Largest cycle and green change per plan the engine itself allows (the junction's limit applies when smaller). */
  maxStepS: number;
  /** Validity of engine plans, s; a dead engine leaves controllers to their local plans once it runs out. */
  validForS: number;
  /**
   * A plan no different from the running one (plan-change.ts) is not sent again until the running one has less
   * than this many seconds of validity left: every plan change costs the controller a transition.
   */
  renewBeforeExpiryS: number;
  /**
   * Longest the engine leaves a planned controller without a plan message: controllers fall back to their local
   * plan after a silence (`CENTRE_SILENT`, 300 s by the contract), so an unchanged plan is sent again after this
   * long, whatever the replan interval. Must stay below the controllers' silence limit by more than a tick.
   */
  keepAliveS: number;
}

export const CONTROL_OPTIONS = Symbol('CONTROL_OPTIONS');

export const DEFAULT_CONTROL_OPTIONS: ControlOptions = {
  defaultStrategy: 'off',
  replanEveryCycles: 1,
  pollMs: 1000,
  tickMs: 5000,
  smoothingS: 900,
  staleAfterS: 300,
  maxStepS: 20,
  validForS: 900,
  renewBeforeExpiryS: 300,
  keepAliveS: 240,
};

const CHOICES: readonly string[] = [...CONTROL_STRATEGIES, 'off'];

/** A strategy name or `off`; `what` names the setting in the error (an environment variable, a CLI flag). */
export function strategyChoice(value: string, what: string): StrategyChoice {
  if (!CHOICES.includes(value)) throw new Error(`${what} must be one of ${CHOICES.join(', ')}, got ${JSON.stringify(value)}`);
  return value as StrategyChoice;
}

/** `id=strategy,id=strategy` (CONTROL_STRATEGY_PER_INTERSECTION, replay's --control-per-intersection). */
export function perIntersectionChoices(text: string, what: string): Record<string, StrategyChoice> {
  return Object.fromEntries(
    text
      .split(',')
      .map((pair) => pair.trim())
      .filter((pair) => pair.length > 0)
      .map((pair) => {
        const [id, value] = pair.split('=');
        if (!id || value === undefined) throw new Error(`${what} entries are id=strategy, got ${JSON.stringify(pair)}`);
        return [id.trim(), strategyChoice(value.trim(), `strategy of ${id}`)];
      }),
  );
}

/**
 * From the environment: CONTROL_STRATEGY (default off), CONTROL_STRATEGY_PER_INTERSECTION as `id=strategy,id=strategy`,
 * CONTROL_REPLAN_EVERY_CYCLES, CONTROL_KEEP_ALIVE_S.
 */
export function controlOptionsFromEnv(env: NodeJS.ProcessEnv): ControlOptions {
  const options: ControlOptions = { ...DEFAULT_CONTROL_OPTIONS };
  if (env.CONTROL_STRATEGY) options.defaultStrategy = strategyChoice(env.CONTROL_STRATEGY, 'CONTROL_STRATEGY');
  if (env.CONTROL_STRATEGY_PER_INTERSECTION) options.perIntersection = perIntersectionChoices(env.CONTROL_STRATEGY_PER_INTERSECTION, 'CONTROL_STRATEGY_PER_INTERSECTION');
  if (env.CONTROL_REPLAN_EVERY_CYCLES) {
    const n = Number(env.CONTROL_REPLAN_EVERY_CYCLES);
    if (!Number.isInteger(n) || n < 1) throw new Error(`CONTROL_REPLAN_EVERY_CYCLES must be a positive integer, got ${env.CONTROL_REPLAN_EVERY_CYCLES}`);
    options.replanEveryCycles = n;
  }
  if (env.CONTROL_KEEP_ALIVE_S) {
    const s = Number(env.CONTROL_KEEP_ALIVE_S);
    if (!Number.isFinite(s) || s <= 0) throw new Error(`CONTROL_KEEP_ALIVE_S must be a positive number of seconds, got ${env.CONTROL_KEEP_ALIVE_S}`);
    options.keepAliveS = s;
  }
  return options;
}

export function strategyOf(options: ControlOptions, intersectionId: string): StrategyChoice {
  return options.perIntersection?.[intersectionId] ?? options.defaultStrategy;
}
