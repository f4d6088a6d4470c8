/**
 * Coordinated groups for this planning round: the arterial chains ranked by the flow they carry (through their
 * junctions' approaches on chain links), each claiming the junctions no heavier chain claimed. So at a grid junction
 * the main direction is the one with more flow, and a chain broken by a heavier crossing street becomes several
 * groups. Runs of at least two junctions are groups; a lone junction is planned on its own.
 */
import type { ArterialChain } from './arterial-chains';

export interface CoordinationGroup {
  readonly id: string;
  readonly junctionIds: readonly string[];
  readonly links: ArterialChain['links'];
}

/** Flow arriving on a link at its downstream junction, veh/h; undefined when not measured. */
export type LinkInflow = (linkId: string) => number | undefined;

export function chainFlowVph(chain: ArterialChain, inflow: LinkInflow): number {
  let total = 0;
  for (const l of chain.links) {
    if (l.forward) total += inflow(l.forward) ?? 0;
    if (l.backward) total += inflow(l.backward) ?? 0;
  }
  return total;
}

/**
 * @param eligible junctions the strategy runs at (others break chains)
 */
export function coordinationGroups(chains: readonly ArterialChain[], eligible: ReadonlySet<string>, inflow: LinkInflow): CoordinationGroup[] {
  const ranked = chains.map((chain) => ({ chain, flow: chainFlowVph(chain, inflow) })).sort((a, b) => b.flow - a.flow || a.chain.id.localeCompare(b.chain.id));
  const claimed = new Set<string>();
  const groups: CoordinationGroup[] = [];
  for (const { chain } of ranked) {
    const before = groups.length;
    let run: { ids: string[]; links: Array<ArterialChain['links'][number]> } = { ids: [], links: [] };
    const close = (): void => {
      if (run.ids.length >= 2) groups.push({ id: `${chain.id}#${groups.length}`, junctionIds: run.ids, links: run.links });
      run = { ids: [], links: [] };
    };
    chain.junctionIds.forEach((id, i) => {
      if (!eligible.has(id) || claimed.has(id)) return close();
      if (run.ids.length > 0) run.links.push(chain.links[i - 1]!);
      run.ids.push(id);
    });
    close();
    for (const g of groups.slice(before)) for (const id of g.junctionIds) claimed.add(id);
  }
  return groups;
}
