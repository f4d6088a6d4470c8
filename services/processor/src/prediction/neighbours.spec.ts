import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseNetworkModel } from '@arterial/contracts/network';
import { edgesFromNetwork, neighboursFromEdges, noNeighbours } from './neighbours';

const DEMO = path.resolve(__dirname, '..', '..', '..', '..', 'firmware-contracts', 'networks', 'demo.geojson');

describe(neighboursFromEdges.name, () => {
  it('turns from→to edges into upstream and downstream lists, nearest first, ignoring unknown ids and self-loops', () => {
    const sut = neighboursFromEdges(
      ['a', 'b', 'c'],
      [
        { from: 'a', to: 'b', distance: 300 },
        { from: 'c', to: 'b', distance: 100 },
        { from: 'b', to: 'b', distance: 0 },
        { from: 'x', to: 'a', distance: 1 },
        { from: 'a', to: 'b', distance: 200 },
      ],
    );
    expect(sut.upstream).toEqual([[], [2, 0], []]);
    expect(sut.downstream).toEqual([[1], [], [1]]);
  });

  it('keeps at most the nearest few per side', () => {
    const ids = Array.from({ length: 12 }, (_, i) => `d${i}`);
    const edges = ids.slice(1).map((id, i) => ({ from: id, to: 'd0', distance: 100 - i }));
    expect(neighboursFromEdges(ids, edges, 3).upstream[0]).toEqual([11, 10, 9]);
  });

  it('gives every detector an empty list without adjacency', () => {
    expect(noNeighbours(2)).toEqual({ upstream: [[], []], downstream: [[], []] });
  });
});

describe(edgesFromNetwork.name, () => {
  const network = parseNetworkModel(JSON.parse(fs.readFileSync(DEMO, 'utf8')));
  const edges = edgesFromNetwork(network);

  it('links an advance detector to the stop-bar detector in front of it', () => {
    expect(edges).toContainEqual({ from: 'XA-A1-N-A', to: 'XA-A1-N-S', distance: 79 });
  });

  it('links a stop-bar detector to the detectors on the links leaving its junction, advance ones nearer', () => {
    const out = edges.filter((e) => e.from === 'XA-A1-N-S');
    const advance = out.find((e) => e.to === 'XA-A2-W-A');
    const stopBar = out.find((e) => e.to === 'XA-A2-W-S');
    expect(advance && stopBar && advance.distance < stopBar.distance).toBe(true);
    expect(out.every((e) => !e.to.startsWith('XA-A1-'))).toBe(true);
  });
});
