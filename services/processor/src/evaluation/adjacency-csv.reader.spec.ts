import { parseAdjacencyCsv } from './adjacency-csv.reader';

describe(parseAdjacencyCsv.name, () => {
  it('reads from,to,distance with or without a header', () => {
    expect(parseAdjacencyCsv('from,to,distance\nA,B,120.5\n\n"B","C",80\n')).toEqual([
      { from: 'A', to: 'B', distance: 120.5 },
      { from: 'B', to: 'C', distance: 80 },
    ]);
    expect(parseAdjacencyCsv('A,B,1\r\nB,A,2')).toHaveLength(2);
    expect(parseAdjacencyCsv('A,B')).toEqual([{ from: 'A', to: 'B', distance: 1 }]);
  });

  it('names the bad line', () => {
    expect(() => parseAdjacencyCsv('from,to,distance\nA,B,1\nA,,x', 'adj.csv')).toThrow(/adj.csv line 3/);
  });
});
