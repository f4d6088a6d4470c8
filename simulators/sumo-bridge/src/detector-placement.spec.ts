import { detectorsOf } from '@arterial/contracts/network';
import { networkOfSumoNet } from './convert/sumo-net-to-network';
import { parseInductionLoops } from './convert/sumo-induction-loops';
import { controlledIncomingLanes, inductionLoopsXml, placeDetectors } from './detector-placement';
import { parseSumoNet } from './sumo-net';

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
      { id: 'EC_1-stop', laneId: 'EC_1', posM: 97 },
      { id: 'EC_1-adv', laneId: 'EC_1', posM: 40 },
    ]);
  });

  it('leaves lanes that already have a detector (loop or lane-area) alone', () => {
    const existing = parseInductionLoops('<additional><inductionLoop id="w" lane="WC_0" pos="-5"/><laneAreaDetector id="e" lane="EC_1" pos="50" endPos="98"/></additional>');
    expect(sut(NET, existing).map((l) => l.id)).toEqual(['SC_0-stop']);
  });

  it('writes loops SUMO and the converter read back as stop-bar and advance detectors', () => {
    const loops = parseInductionLoops(inductionLoopsXml(sut(NET, [])));
    const detectors = detectorsOf(networkOfSumoNet(NET, loops, { name: 'placed' }));
    expect(detectors.map((d) => [d.properties.id, d.properties.placement, d.properties.distanceFromStopLineM])).toEqual([
      ['WC_0-stop', 'stop-bar', 3], ['WC_0-adv', 'advance', 60], ['SC_0-stop', 'stop-bar', 3], ['EC_1-stop', 'stop-bar', 3], ['EC_1-adv', 'advance', 60],
    ]);
  });

  it('converts a lane-area detector by its downstream end, as video', () => {
    const e2 = parseInductionLoops('<additional><laneAreaDetector id="e2" lane="WC_0" pos="20" length="70"/></additional>');
    expect(e2).toEqual([{ id: 'e2', laneId: 'WC_0', posM: 90, kind: 'lane-area' }]);
    const [detector] = detectorsOf(networkOfSumoNet(NET, e2, { name: 'e2' }));
    expect(detector?.properties).toMatchObject({ id: 'e2', placement: 'stop-bar', distanceFromStopLineM: 10, technology: 'video' });
  });
});
