/**
 * One planning round over the junctions that are due, pure: strategies per junction, with the group passes first
 * (green-wave groups share a cycle and get offsets).
 * The service and the benchmark both call it; no clock, no I/O.
 */
import type { ControlStrategy } from '@arterial/contracts/api/v1';
import type { IntersectionProperties } from '@arterial/contracts/network';
import type { ArterialChain } from '../strategies/arterial-chains';
import { coordinationGroups } from '../strategies/coordination-groups';
import { planGreenWaveGroup, type GroupMember } from '../strategies/green-wave.strategy';
import { STRATEGIES } from '../strategies/strategy-registry';
import type { Coordination, JunctionDemand, PlanningContext, StrategyResult } from '../strategies/strategy.types';

export interface RoundItem {
  readonly junction: IntersectionProperties;
  readonly strategy: ControlStrategy;
  readonly demand: JunctionDemand;
  readonly context: PlanningContext;
}

export interface RoundInputs {
  readonly items: readonly RoundItem[];
  readonly chains: readonly ArterialChain[];
  readonly travelTimeS: (linkId: string) => number;
  readonly inflowVph: (linkId: string) => number | undefined;
}

function withCoordination(item: RoundItem, coordination: Coordination | undefined): RoundItem {
  return coordination ? { ...item, context: { ...item.context, coordination } } : item;
}

function run(item: RoundItem): StrategyResult {
  return STRATEGIES[item.strategy](item.junction, item.demand, item.context);
}

export function planRound(inputs: RoundInputs): Map<string, StrategyResult> {
  const results = new Map<string, StrategyResult>();
  const byStrategy = new Map<ControlStrategy, RoundItem[]>();
  for (const item of inputs.items) {
    const list = byStrategy.get(item.strategy);
    if (list) list.push(item);
    else byStrategy.set(item.strategy, [item]);
  }

  const greenWave = byStrategy.get('green-wave') ?? [];
  if (greenWave.length > 0) {
    const members = new Map<string, GroupMember>(greenWave.map((i) => [i.junction.id, i]));
    const coordination = new Map<string, Coordination>();
    for (const group of coordinationGroups(inputs.chains, new Set(members.keys()), inputs.inflowVph)) {
      for (const [id, c] of planGreenWaveGroup({ group, members, travelTimeS: inputs.travelTimeS, inflowVph: inputs.inflowVph })) coordination.set(id, c);
    }
    for (const item of greenWave) results.set(item.junction.id, run(withCoordination(item, coordination.get(item.junction.id))));
  }

  // SCATS runs free actuated and plans each junction alone (see docs/signal-control.md: linking without offset plans
  // fixed the cycle and bought no progression).
  for (const strategy of ['webster', 'scats', 'max-pressure'] as const) {
    for (const item of byStrategy.get(strategy) ?? []) results.set(item.junction.id, run(item));
  }
  return results;
}
