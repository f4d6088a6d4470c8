import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseInductionLoops } from '../convert/sumo-induction-loops';
import { parseSumoNet } from '../sumo-net';
import {
  adjacencyCsv,
  ApproachAggregator,
  approachAdjacency,
  approachOfLoops,
  convertLoopOutputFile,
  convertLoopOutputText,
  loopAdjacency,
  type MeasurementLine,
} from './sumo-loops-to-measurements';

const START = Date.parse('2025-03-06T00:00:00+08:00');

/** E1 output as SUMO 1.15 writes it: one interval with traffic, one empty (speed −1), one not an interval. */
const LOOPS_OUT = `<?xml version="1.0" encoding="UTF-8"?>
<detector xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
    <interval begin="0.00" end="300.00" id="AB_0-loop" nVehContrib="12" flow="144.00" occupancy="7.25" speed="11.94" harmonicMeanSpeed="10.20" length="5.00" nVehEntered="12"/>
    <interval begin="300.00" end="600.00" id="AB_1-loop" nVehContrib="0" flow="0.00" occupancy="0.00" speed="-1.00" harmonicMeanSpeed="-1.00" length="-1.00" nVehEntered="0"/>
    <other begin="0" end="300" id="x" nVehContrib="1" occupancy="1"/>
</detector>
`;

/** A→B→C in a line, two lanes A→B, one lane B→C; only lane 1 of A→B connects on to B→C. */
const NET = `<net version="1.9">
  <edge id="AB" from="A" to="B"><lane id="AB_0" index="0" speed="13.89" length="200.00" shape="0,0 200,0"/><lane id="AB_1" index="1" speed="13.89" length="200.00" shape="0,3 200,3"/></edge>
  <edge id="BC" from="B" to="C"><lane id="BC_0" index="0" speed="13.89" length="250.00" shape="200,0 450,0"/></edge>
  <connection from="AB" to="BC" fromLane="1" toLane="0" dir="s"/>
</net>`;
const LOOPS_ADD = `<additional>
  <inductionLoop id="AB_0-loop" lane="AB_0" pos="195" period="300" file="o.xml"/>
  <inductionLoop id="AB_1-loop" lane="AB_1" pos="195" period="300" file="o.xml"/>
  <inductionLoop id="BC_0-loop" lane="BC_0" pos="245" period="300" file="o.xml"/>
</additional>`;

describe('SUMO induction-loop output as measurement lines', () => {
  it('stamps each interval at its end, counts nVehContrib, keeps occupancy in percent and converts m/s to km/h', () => {
    const [busy, empty, ...rest] = convertLoopOutputText(LOOPS_OUT, START);
    expect(busy).toEqual({ detectorId: 'AB_0-loop', ts: START + 300_000, intervalS: 300, volume: 12, occupancyPct: 7.25, speedKph: 42.98 });
    expect(empty).toEqual({ detectorId: 'AB_1-loop', ts: START + 600_000, intervalS: 300, volume: 0, occupancyPct: 0, speedKph: null });
    expect(rest).toEqual([]);
  });

  it('streams a file, also one a stopped run left without its closing tag', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loops-out-'));
    const file = path.join(dir, 'loops.out.xml');
    fs.writeFileSync(file, LOOPS_OUT.replace('</detector>\n', ''));
    const lines: string[] = [];
    const count = await convertLoopOutputFile(file, START, (line) => lines.push(line.detectorId));
    expect({ count, lines }).toEqual({ count: 2, lines: ['AB_0-loop', 'AB_1-loop'] });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe(loopAdjacency.name, () => {
  it('links a loop to the loops of the edges its lane connects into, at the downstream lane length', () => {
    const rows = loopAdjacency(parseSumoNet(NET), parseInductionLoops(LOOPS_ADD));
    expect(rows).toEqual([{ from: 'AB_1-loop', to: 'BC_0-loop', distance: 250 }]);
    expect(adjacencyCsv(rows)).toBe('from,to,distance\nAB_1-loop,BC_0-loop,250\n');
  });
});

describe(ApproachAggregator.name, () => {
  const net = parseSumoNet(NET);
  const approaches = approachOfLoops(net, parseInductionLoops(LOOPS_ADD));

  it('sums the lanes of an approach per interval: volume added, occupancy averaged, speed weighted by volume', () => {
    const out: MeasurementLine[] = [];
    const aggregator = new ApproachAggregator(approaches, (line) => out.push(line));
    const at = (detectorId: string, ts: number, volume: number, occupancyPct: number, speedKph: number | null): MeasurementLine => ({ detectorId, ts, intervalS: 300, volume, occupancyPct, speedKph });
    aggregator.add(at('AB_0-loop', 300_000, 3, 10, 30));
    aggregator.add(at('AB_1-loop', 300_000, 1, 20, 50));
    aggregator.add(at('BC_0-loop', 300_000, 0, 0, null));
    expect(out).toEqual([]);
    aggregator.add(at('AB_0-loop', 600_000, 0, 0, null));
    aggregator.add(at('AB_1-loop', 600_000, 0, 5, null));
    aggregator.flush();
    expect(out).toEqual([
      at('AB-approach', 300_000, 4, 15, 35),
      at('BC-approach', 300_000, 0, 0, null),
      at('AB-approach', 600_000, 0, 2.5, null),
    ]);
  });

  it('links approaches along the net connections', () => {
    expect(approachAdjacency(net, approaches)).toEqual([{ from: 'AB-approach', to: 'BC-approach', distance: 250 }]);
  });
});
