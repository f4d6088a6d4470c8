import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { NetEdge, SumoNet } from '../sumo-net';
import { netgenerateArgs, writeLoopScenarioFiles, type LoopScenarioOptions } from './loop-scenario';

/** W → A → B → E and back, A and B signalised, W and E fringe junctions; one lane a direction. */
function lineNet(): SumoNet {
  const edge = (from: string, to: string): NetEdge => ({
    id: `${from}${to}`,
    from,
    to,
    name: '',
    lanes: [{ id: `${from}${to}_0`, index: 0, lengthM: 200, speedMps: 13.89, shape: [[0, 0], [200, 0]] }],
  });
  return {
    location: { netOffset: [0, 0], projParameter: '!', origBoundary: [], convBoundary: [] },
    junctions: [
      { id: 'W', type: 'dead_end', x: 0, y: 0 },
      { id: 'A', type: 'traffic_light', x: 200, y: 0 },
      { id: 'B', type: 'traffic_light', x: 400, y: 0 },
      { id: 'E', type: 'dead_end', x: 600, y: 0 },
    ],
    edges: [edge('W', 'A'), edge('A', 'B'), edge('B', 'E'), edge('E', 'B'), edge('B', 'A'), edge('A', 'W')],
    tlLogics: [
      { id: 'A', programId: '0', phases: [{ durationS: 45, state: 'GGrr' }] },
      { id: 'B', programId: '0', phases: [{ durationS: 45, state: 'GGrr' }] },
    ],
    connections: [],
  };
}

describe('writeLoopScenarioFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loop-scenario-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (extra: Partial<LoopScenarioOptions>): ((name: string) => string) => {
    writeLoopScenarioFiles(lineNet(), { dir, columns: 2, rows: 1, seconds: 7200, flowVph: 90, seed: 1, incidents: [{ beginS: 3600, durationS: 1800 }], ...extra });
    return (name) => fs.readFileSync(path.join(dir, name), 'utf8');
  };

  it('by default writes evenly spaced flows and a vehicle stopped on the right lane of an interior approach', () => {
    const read = write({});
    expect(read('routes.rou.xml')).toContain('from="WA" to="BE"');
    expect(read('routes.rou.xml')).toContain('vehsPerHour="90"');
    expect(read('routes.rou.xml')).not.toContain('probability');
    expect(read('incidents.rou.xml')).toMatch(/<vehicle id="incident0" type="stalled" depart="3600"[^\n]*<stop lane="(AB|BA)_0" endPos="100.0" duration="1800"\/>/);
    expect(read('grid.sumocfg')).toContain('<additional-files value="loops.add.xml"/>');
    expect(fs.existsSync(path.join(dir, 'closures.add.xml'))).toBe(false);
  });

  it('with random arrivals writes per-second insertion probabilities of the same mean rate', () => {
    const routes = write({ randomArrivals: true })('routes.rou.xml');
    expect(routes).not.toContain('vehsPerHour');
    expect(routes.match(/probability="0\.025000"/g)?.length).toBe(routes.match(/<flow /g)?.length);
  });

  it('with closed approaches closes the whole interior edge by a rerouter instead of stopping a vehicle', () => {
    const read = write({ incidentKind: 'closed-approach' });
    expect(read('incidents.rou.xml')).not.toContain('<vehicle');
    expect(read('closures.add.xml')).toMatch(/<interval begin="3600" end="5400"><closingReroute id="(AB|BA)"\/><\/interval>/);
    expect(read('grid.sumocfg')).toContain('<additional-files value="loops.add.xml,closures.add.xml"/>');
  });
});

describe('netgenerateArgs', () => {
  const base: LoopScenarioOptions = { dir: '/tmp/x', columns: 5, rows: 4, seconds: 86_400, flowVph: 110 };
  const typeOf = (args: string[]): string | undefined => args[args.indexOf('--tls.default-type') + 1];

  it('builds the requested grid with fixed-time signals by default', () => {
    const args = netgenerateArgs(base, '/tmp/x/grid.net.xml');
    expect(args.slice(args.indexOf('--grid.x-number'), args.indexOf('--grid.y-number') + 2)).toEqual(['--grid.x-number', '5', '--grid.y-number', '4']);
    expect(typeOf(args)).toBe('static');
    expect(args.slice(-2)).toEqual(['-o', '/tmp/x/grid.net.xml']);
  });

  it('asks for actuated signals when told', () => {
    expect(typeOf(netgenerateArgs({ ...base, signals: 'actuated' }, 'n.xml'))).toBe('actuated');
  });
});
