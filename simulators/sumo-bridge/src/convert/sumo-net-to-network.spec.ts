import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { detectorsOf, intersectionsOf, linksOf, parseNetworkModel } from '@arterial/contracts/network';
import type { NetConnection } from '../sumo-net';
import { contractId, laneTurnsOf, sumoNetFileToNetwork, sumoNetToNetwork } from './sumo-net-to-network';

/** One signalised crossing C with a west and a south approach, as netgenerate/netconvert write it (trimmed). */
const NET = `<net version="1.9">
  <location netOffset="0.00,0.00" convBoundary="0.00,0.00,200.00,200.00" origBoundary="0.00,0.00,200.00,200.00" projParameter="!"/>
  <edge id=":C_0" function="internal"><lane id=":C_0_0" index="0" speed="13.89" length="9" shape="1,1 2,2"/></edge>
  <edge id="WC" from="W" to="C" priority="-1"><lane id="WC_0" index="0" speed="13.89" length="100.00" shape="0.00,98.40 100.00,98.40"/></edge>
  <edge id="SC" from="S" to="C" priority="-1"><lane id="SC_0" index="0" speed="13.89" length="100.00" shape="101.60,0.00 101.60,100.00"/></edge>
  <edge id="CE" from="C" to="E" priority="-1"><lane id="CE_0" index="0" speed="13.89" length="100.00" shape="100.00,98.40 200.00,98.40"/></edge>
  <edge id="CN#1" from="C" to="N" priority="-1"><lane id="CN#1_0" index="0" speed="13.89" length="100.00" shape="101.60,100.00 101.60,200.00"/></edge>
  <tlLogic id="C" type="static" programID="0" offset="0">
    <phase duration="40" state="Gr"/>
    <phase duration="3"  state="yr"/>
    <phase duration="40" state="rG"/>
    <phase duration="3"  state="ry"/>
  </tlLogic>
  <junction id="C" type="traffic_light" x="100.00" y="100.00"/>
  <junction id="W" type="dead_end" x="0.00" y="100.00"/>
  <junction id="S" type="dead_end" x="100.00" y="0.00"/>
  <junction id="E" type="dead_end" x="200.00" y="100.00"/>
  <junction id="N" type="dead_end" x="100.00" y="200.00"/>
  <connection from="WC" to="CE" fromLane="0" toLane="0" via=":C_0_0" tl="C" linkIndex="0" dir="s" state="O"/>
  <connection from="SC" to="CN#1" fromLane="0" toLane="0" via=":C_1_0" tl="C" linkIndex="1" dir="s" state="o"/>
  <connection from=":C_0" to="CE" fromLane="0" toLane="0" dir="s" state="M"/>
</net>`;
const ADDITIONAL = `<additional><inductionLoop id="WC_0-loop" lane="WC_0" pos="95" period="60" file="NUL"/><inductionLoop id="nowhere" lane="CE_0" pos="5" period="60" file="NUL"/></additional>`;

describe('sumoNetToNetwork', () => {
  const sut = sumoNetToNetwork(NET, { name: 'one crossing', origin: [10, 50], additionalXml: [ADDITIONAL], detectorIntervalS: 30 });

  it('makes the signal an intersection with two phases from its program', () => {
    const [c] = intersectionsOf(sut);
    expect(c?.properties).toMatchObject({
      id: 'C', sequence: [1, 2], conflicts: [[1, 2]],
      approaches: [{ id: 'C-WC', linkId: 'WC', bearingDeg: 90, lanes: 1 }, { id: 'C-SC', linkId: 'SC', bearingDeg: 0, lanes: 1 }],
      fallbackPlan: { planId: 'sumo-0', cycleS: 86, splits: [{ phase: 1, greenS: 40 }, { phase: 2, greenS: 40 }] },
    });
    expect(c?.properties.phases[0]).toMatchObject({ id: 1, yellowS: 3, allRedS: 0, movements: [{ approachId: 'C-WC', turn: 'through', protected: true }] });
    // Centre of the net lands on the origin.
    expect(c?.geometry.coordinates).toEqual([10, 50]);
  });

  it('makes every normal edge a link with contract-safe ids, and loops on signal approaches detectors', () => {
    expect(linksOf(sut).map((l) => l.properties.id).sort()).toEqual(['CE', 'CN_1', 'SC', 'WC']);
    expect(detectorsOf(sut).map((d) => d.properties)).toEqual([
      { kind: 'detector', id: 'WC_0-loop', intersectionId: 'C', approachId: 'C-WC', linkId: 'WC', lane: 1, placement: 'stop-bar', distanceFromStopLineM: 5, technology: 'loop', intervalS: 30 },
    ]);
    expect(contractId('a:b#c')).toBe('a_b_c');
  });

  it('gives each approach its lane use, which the format checks against its lane count', () => {
    const [c] = intersectionsOf(sut);
    expect(c?.properties.approaches.map((a) => a.laneTurns)).toEqual([[['through']], [['through']]]);
    const wrong = { ...sut, features: sut.features.map((f) => (f.properties.kind === 'intersection' ? { ...f, properties: { ...f.properties, approaches: f.properties.approaches.map((a) => ({ ...a, laneTurns: [['through'], ['left']] })) } } : f)) };
    expect(() => parseNetworkModel(wrong)).toThrow(/lane use for 2 lanes, not its 1/);
  });
});

describe(laneTurnsOf.name, () => {
  const link = (fromLane: number, dir: string): NetConnection => ({ from: 'WC', to: 'x', fromLane, toLane: 0, tl: 'C', linkIndex: 0, dir });

  it('lists the turns of every lane, lane index 0 first', () => {
    expect(laneTurnsOf('WC', 3, [link(0, 'r'), link(0, 's'), link(1, 's'), link(2, 'l'), link(2, 'L')])).toEqual([['right', 'through'], ['through'], ['left']]);
  });

  it('gives none when a lane has no connection of a known turn', () => {
    expect(laneTurnsOf('WC', 2, [link(0, 's')])).toBeUndefined();
    expect(laneTurnsOf('WC', 1, [link(0, 'invalid')])).toBeUndefined();
  });
});

describe(sumoNetFileToNetwork.name, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-convert-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('streams the net and its additional files into the same model as the text', async () => {
    const netFile = path.join(dir, 'one.net.xml');
    const additionalFile = path.join(dir, 'loops.add.xml');
    fs.writeFileSync(netFile, NET);
    fs.writeFileSync(additionalFile, ADDITIONAL);
    const sut = await sumoNetFileToNetwork(netFile, { name: 'one crossing', origin: [10, 50], additionalFiles: [additionalFile], detectorIntervalS: 30 });
    expect(sut).toEqual(sumoNetToNetwork(NET, { name: 'one crossing', origin: [10, 50], additionalXml: [ADDITIONAL], detectorIntervalS: 30 }));
    expect(detectorsOf(sut)).toHaveLength(1);
  });
  it('names the additional file that is malformed', async () => {
    const netFile = path.join(dir, 'ok.net.xml');
    const additionalFile = path.join(dir, 'bad.add.xml');
    fs.writeFileSync(netFile, NET);
    fs.writeFileSync(additionalFile, '<additional>\n<inductionLoop id="a" lane="WC_0" pos="95"></additional>');
    await expect(sumoNetFileToNetwork(netFile, { name: 'x', additionalFiles: [additionalFile] })).rejects.toThrow(`${additionalFile}:2:`);
  });
});
