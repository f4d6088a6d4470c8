import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseSumoNet } from '../../index';
import { buildArterialScenario } from './arterial-scenario';

describe(buildArterialScenario.name, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-scenario-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('builds a corridor of signals with heavy through flows both ways and a flow per side street way', () => {
    const sut = buildArterialScenario({ dir: path.join(dir, 'plain'), beginS: 0, endS: 900, signals: 5 });
    const net = parseSumoNet(fs.readFileSync(sut.netFile, 'utf8'));
    expect(net.tlLogics.map((t) => t.id).sort()).toEqual(['J0', 'J1', 'J2', 'J3', 'J4']);
    expect(net.edges.find((e) => e.id === 'J1J2')?.lanes).toHaveLength(2);
    const routes = fs.readFileSync(path.join(dir, 'plain', 'routes.rou.xml'), 'utf8');
    expect(routes).toContain('<flow id="we" type="car" from="WJ0" to="J4E" begin="0" end="900" vehsPerHour="1100"');
    expect(routes).toContain('<flow id="ew" type="car" from="EJ4" to="J0W"');
    expect(routes.match(/<flow id="(ns|sn)\d"/g)).toHaveLength(10);
    expect(routes).not.toContain('incident');
    expect(fs.readFileSync(sut.sumocfg, 'utf8')).toContain('<end value="900"/>');
  });

  it('adds a surge in the middle third and a broken-down car blocking the inner lane meanwhile', () => {
    buildArterialScenario({ dir: path.join(dir, 'surge'), beginS: 0, endS: 900, signals: 6, surge: { extraVph: 700 } });
    const routes = fs.readFileSync(path.join(dir, 'surge', 'routes.rou.xml'), 'utf8');
    expect(routes).toContain('<flow id="we-surge" type="car" from="WJ0" to="J5E" begin="300" end="600" vehsPerHour="700"');
    expect(routes).toMatch(/<vehicle id="incident" type="car" depart="300" departLane="1"/);
    expect(routes).toContain('<stop lane="J2J3_1" endPos="155" duration="300"/>');
  });
});
