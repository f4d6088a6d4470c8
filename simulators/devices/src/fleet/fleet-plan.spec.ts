import * as path from 'node:path';
import * as fs from 'node:fs';
import { isValidId } from '@arterial/contracts/mqtt/v1';
import { parseNetworkModel } from '@arterial/contracts/network';
import { planFromCounts, planFromNetwork } from './fleet-plan';

describe(planFromCounts.name, () => {
  it('names intersections and their detectors with valid topic ids', () => {
    const sut = planFromCounts({ intersections: 3, detectorsPerIntersection: 2, idPrefix: 'F' });
    expect(sut.intersections.map((i) => [i.id, i.detectorIds])).toEqual([
      ['F00001', ['F00001-d1', 'F00001-d2']],
      ['F00002', ['F00002-d1', 'F00002-d2']],
      ['F00003', ['F00003-d1', 'F00003-d2']],
    ]);
  });

  it('refuses counts and prefixes that cannot work', () => {
    expect(() => planFromCounts({ intersections: 0, detectorsPerIntersection: 1 })).toThrow(/intersections/);
    expect(() => planFromCounts({ intersections: 1, detectorsPerIntersection: 1, idPrefix: 'bad/prefix' })).toThrow(/invalid device ids/);
  });
});

describe(planFromNetwork.name, () => {
  it('takes the intersections, detectors and fallback plans of the demo network', () => {
    const file = path.resolve(__dirname, '../../../../firmware-contracts/networks/demo.geojson');
    const sut = planFromNetwork(parseNetworkModel(JSON.parse(fs.readFileSync(file, 'utf8'))));
    expect(sut.intersections.length).toBeGreaterThan(10);
    expect(sut.intersections.every((i) => isValidId(i.id) && i.program.phaseIds.length >= 2)).toBe(true);
    expect(sut.intersections.some((i) => i.detectorIds.length > 0)).toBe(true);
  });
});
