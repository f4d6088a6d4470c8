import { detectorsOf } from '@arterial/contracts/network';
import { networkOfSumoNet } from './convert/sumo-net-to-network';
import { parseInductionLoops } from './convert/sumo-induction-loops';
import { controlledIncomingLanes, inductionLoopsXml, placeDetectors } from './detector-placement';
import { parseSumoNet } from './sumo-net';
import { TURN_BAY_NET } from './turn-bay-net.spec-helper';

/** Crossing C: a long west approach (100 m), a short south one (30 m) and a two-lane east one; all signalised. */
const NET = parseSumoNet(`<net version="1.9">
  <location netOffset="0.00,0.00" convBoundary="0.00,0.00,200.00,200.00" origBoundary="0.00,0.00,200.00,200.00" projParameter="!"/>
  <edge id="WC" from="W" to="C"><lane id="WC_0" index="0" speed="13.89" length="100.00" shape="0.00,100.00 100.00,100.00"/></edge>
  <edge id="SC" from="S" to="C"><lane id="SC_0" index="0" speed="13.89" length="30.00" shape="100.00,70.00 100.00,100.00"/></edge>
  <edge id="EC" from="E" to="C"><lane id="EC_0" index="0" speed="13.89" length="100.00" shape="200.00,100.00 100.00,100.00"/><lane id="EC_1" index="1" speed="13.89" length="100.00" shape="200.00,103.00 100.00,103.00"/></edge>
  <edge id="CN" from="C" to="N"><lane id="CN_0" index="0" speed="13.89" length="100.00" shape="100.00,100.00 100.00,200.00"/></edge>
  <tlLogic id="C" type="static" programID="0" offset="0"><phase duration="40" state="GrG"/><phase duration="3" state="yry"/><phase duration="40" state="rGr"/><phase duration="3" state="ryr"/></tlLogic>
  <junction id="C" type="traffic_light" x="100.00" y="100.00"/>
  <connection from="WC" to="CN" fromLane="0" toLane="0" tl="C" linkIndex="0" dir="l"/>
  <connection from="SC" to="CN" fromLane="0" toLane="0" tl="C" linkIndex="1" dir="s"/>
  <connection from="EC" to="CN" fromLane="1" toLane="0" tl="C" linkIndex="2" dir="r"/>
  <connection from="CN" to="WC" fromLane="0" toLane="0" dir="s"/>
</net>`);

describe(placeDetectors.name, () => {
  const sut = placeDetectors;

  it('lists the incoming lanes a light controls', () => {
    expect(controlledIncomingLanes(NET)).toEqual(['WC_0', 'SC_0', 'EC_1']);
  });

  it('places a stop-bar loop on every controlled lane and an advance loop where the lane is long enough', () => {
    expect(sut(NET, [])).toEqual([
      { id: 'WC_0-stop', laneId: 'WC_0', posM: 97 },
      { id: 'WC_0-adv', laneId: 'WC_0', posM: 40 },
      { id: 'SC_0-stop', laneId: 'SC_0', posM: 27 },
      // 30 m is too short for an advance loop: a presence loop 22.5 m out instead (nothing before it to hold one at 60 m).
      { id: 'SC_0-queue', laneId: 'SC_0', posM: 7.5 },
      { id: 'EC_1-stop', laneId: 'EC_1', posM: 97 },
      { id: 'EC_1-adv', laneId: 'EC_1', posM: 40 },
    ]);
  });

  it('places the presence and advance loops of a turn-bay stub on the lanes before it, once per spot', () => {
    // A (100 m, two lanes) splits at node X into B (10 m, three lanes: lane 2 is a left-turn bay fed by A's lane 1).
    const bay = TURN_BAY_NET;
    const placed = sut(bay, []);
    expect(placed).toEqual([
      { id: 'B_0-stop', laneId: 'B_0', posM: 7 },
      { id: 'B_0-queue', laneId: 'A_0', posM: 87.5 },
      { id: 'B_0-adv', laneId: 'A_0', posM: 50 },
      { id: 'B_1-stop', laneId: 'B_1', posM: 7 },
      { id: 'B_1-queue', laneId: 'A_1', posM: 87.5 },
      { id: 'B_1-adv', laneId: 'A_1', posM: 50 },
      { id: 'B_2-stop', laneId: 'B_2', posM: 7 },
    ]);
    // The converter ties the loops before the split to the approach they feed, at their distance to its stop line, and
    // names every stop-line lane a loop on A_1 feeds (B_1 and the bay B_2).
    const detectors = detectorsOf(networkOfSumoNet(bay, placed, { name: 'bay' }));
    expect(detectors.map((d) => [d.properties.id, d.properties.approachId, d.properties.lane, d.properties.feedsLanes, d.properties.placement, d.properties.distanceFromStopLineM])).toEqual([
      ['B_0-stop', 'C-B', 1, undefined, 'stop-bar', 3], ['B_0-queue', 'C-B', 1, undefined, 'stop-bar', 22.5], ['B_0-adv', 'C-B', 1, undefined, 'advance', 60],
      ['B_1-stop', 'C-B', 2, undefined, 'stop-bar', 3], ['B_1-queue', 'C-B', 2, [2, 3], 'stop-bar', 22.5], ['B_1-adv', 'C-B', 2, [2, 3], 'advance', 60],
      ['B_2-stop', 'C-B', 3, undefined, 'stop-bar', 3],
    ]);
  });

  it('leaves lanes that already have a detector (loop or lane-area) alone', () => {
    const existing = parseInductionLoops('<additional><inductionLoop id="w" lane="WC_0" pos="-5"/><laneAreaDetector id="e" lane="EC_1" pos="50" endPos="98"/></additional>');
    expect(sut(NET, existing).map((l) => l.id)).toEqual(['SC_0-stop', 'SC_0-queue']);
  });

  it('writes loops SUMO and the converter read back as stop-bar and advance detectors', () => {
    const loops = parseInductionLoops(inductionLoopsXml(sut(NET, [])));
    const detectors = detectorsOf(networkOfSumoNet(NET, loops, { name: 'placed' }));
    expect(detectors.map((d) => [d.properties.id, d.properties.placement, d.properties.distanceFromStopLineM])).toEqual([
      ['WC_0-stop', 'stop-bar', 3], ['WC_0-adv', 'advance', 60], ['SC_0-stop', 'stop-bar', 3], ['SC_0-queue', 'stop-bar', 22.5], ['EC_1-stop', 'stop-bar', 3], ['EC_1-adv', 'advance', 60],
    ]);
  });

  it('converts a lane-area detector by its downstream end, as video', () => {
    const e2 = parseInductionLoops('<additional><laneAreaDetector id="e2" lane="WC_0" pos="20" length="70"/></additional>');
    expect(e2).toEqual([{ id: 'e2', laneId: 'WC_0', posM: 90, kind: 'lane-area' }]);
    const [detector] = detectorsOf(networkOfSumoNet(NET, e2, { name: 'e2' }));
    expect(detector?.properties).toMatchObject({ id: 'e2', placement: 'stop-bar', distanceFromStopLineM: 10, technology: 'video' });
  });
});
