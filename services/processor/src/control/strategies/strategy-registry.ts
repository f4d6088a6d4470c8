/** Strategies by name: the engine, the benchmark and evaluation pick them here, so each runs on equal terms. */
import type { ControlStrategy } from '@arterial/contracts/api/v1';
import { greenWave } from './green-wave.strategy';
import { maxPressure } from './max-pressure.strategy';
import { scats } from './scats.strategy';
import type { ControlStrategyFn } from './strategy.types';
import { webster } from './webster.strategy';

export const STRATEGIES: Readonly<Record<ControlStrategy, ControlStrategyFn>> = {
  webster,
  scats,
  'green-wave': greenWave,
  'max-pressure': maxPressure,
};
