import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectorsOf, parseNetworkModel } from './network.schema';

const demo: unknown = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'networks', 'demo.geojson'), 'utf8'));

/** The demo network with its first detector's properties changed. */
function withFirstDetector(change: Record<string, unknown>): unknown {
  const model = structuredClone(demo) as { features: { properties: { kind: string } }[] };
  const first = model.features.find((f) => f.properties.kind === 'detector')!;
  Object.assign(first.properties, change);
  return model;
}

describe(parseNetworkModel.name, () => {
  it('takes a detector before a lane split with the stop-line lanes it feeds, its own lane among them', () => {
    const lane = detectorsOf(parseNetworkModel(demo))[0]!.properties.lane;
    const model = parseNetworkModel(withFirstDetector({ feedsLanes: [lane, lane + 1] }));
    expect(detectorsOf(model)[0]!.properties.feedsLanes).toEqual([lane, lane + 1]);
    expect(() => parseNetworkModel(withFirstDetector({ feedsLanes: [lane + 1] }))).toThrow(/leave out its own lane/);
    expect(() => parseNetworkModel(withFirstDetector({ feedsLanes: [] }))).toThrow();
  });
});
