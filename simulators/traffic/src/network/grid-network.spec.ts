import { detectorsOf, intersectionsOf, linksOf, parseNetworkModel } from '@arterial/contracts/network';
import { gridNetwork } from './grid-network';
import { serializeNetwork } from './network-file';

describe(gridNetwork.name, () => {
  const sut = gridNetwork;

  it('builds a valid rows × cols grid', () => {
    const model = parseNetworkModel(sut({ rows: 3, cols: 4 }));
    expect(intersectionsOf(model)).toHaveLength(12);
    expect(detectorsOf(model)).toHaveLength(12 * 4 * 2);
    // Internal pairs both ways plus an entry and an exit per boundary leg.
    expect(linksOf(model)).toHaveLength(2 * (3 * 3 + 4 * 2) + 2 * (2 * 3 + 2 * 4));
  });

  it('scales to thousands of junctions', () => {
    const model = parseNetworkModel(sut({ rows: 50, cols: 60 }));
    expect(intersectionsOf(model)).toHaveLength(3000);
  });

  it('is deterministic', () => {
    expect(serializeNetwork(sut({ rows: 4, cols: 5 }))).toBe(serializeNetwork(sut({ rows: 4, cols: 5 })));
  });

  it('rejects impossible sizes', () => {
    expect(() => sut({ rows: 0, cols: 5 })).toThrow(/rows and columns/);
    expect(() => sut({ rows: 2.5, cols: 5 })).toThrow(/rows and columns/);
  });
});
