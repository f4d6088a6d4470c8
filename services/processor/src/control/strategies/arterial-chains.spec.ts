import { syntheticGrid } from '../engine/synthetic-grid';
import { arterialChains } from './arterial-chains';
import { coordinationGroups } from './coordination-groups';

describe(arterialChains.name, () => {
  const model = syntheticGrid(3, 4);
  const chains = arterialChains(model);

  it('finds one chain per row and per column of a grid, each once, with links both ways', () => {
    expect(chains.map((c) => c.junctionIds.join(' ')).sort()).toEqual(
      ['G0-0 G0-1 G0-2 G0-3', 'G1-0 G1-1 G1-2 G1-3', 'G2-0 G2-1 G2-2 G2-3', 'G0-0 G1-0 G2-0', 'G0-1 G1-1 G2-1', 'G0-2 G1-2 G2-2', 'G0-3 G1-3 G2-3'].sort(),
    );
    const row = chains.find((c) => c.junctionIds[0] === 'G0-0' && c.junctionIds[1] === 'G0-1')!;
    expect(row.links[0]).toEqual({ forward: 'G0-0_G0-1', backward: 'G0-1_G0-0' });
  });

  it('gives each junction to the busiest chain through it', () => {
    // Row 1 is busy: it claims its junctions, so the columns split around it.
    const inflow = (linkId: string): number => (/^G1-\d_G1-\d$/.test(linkId) ? 900 : 100);
    const groups = coordinationGroups(chains, new Set(chains.flatMap((c) => c.junctionIds)), inflow);
    expect(groups[0]!.junctionIds).toEqual(['G1-0', 'G1-1', 'G1-2', 'G1-3']);
    const owners = groups.flatMap((g) => g.junctionIds);
    expect(new Set(owners).size).toBe(owners.length);
    expect(groups.every((g) => g.junctionIds.length >= 2)).toBe(true);
  });
});
