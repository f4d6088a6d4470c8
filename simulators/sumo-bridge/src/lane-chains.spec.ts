import { laneChains, MAX_CHAIN_M } from './lane-chains';
import { parseSumoNet } from './sumo-net';

/** U (80 m) → A (100 m, two lanes) → split X → B (10 m, three lanes: a left bay fed by A_1) → signal C; V → signal D → U. */
const NET = parseSumoNet(`<net version="1.9">
  <edge id="V" from="Y" to="D"><lane id="V_0" index="0" speed="13.89" length="50.00" shape="0,0 50,0"/></edge>
  <edge id="U" from="D" to="Z"><lane id="U_0" index="0" speed="13.89" length="80.00" shape="0,0 80,0"/></edge>
  <edge id="A" from="Z" to="X"><lane id="A_0" index="0" speed="13.89" length="100.00" shape="0,0 100,0"/><lane id="A_1" index="1" speed="13.89" length="100.00" shape="0,3 100,3"/></edge>
  <edge id="B" from="X" to="C"><lane id="B_0" index="0" speed="13.89" length="10.00" shape="100,0 110,0"/><lane id="B_1" index="1" speed="13.89" length="10.00" shape="100,3 110,3"/><lane id="B_2" index="2" speed="13.89" length="10.00" shape="100,6 110,6"/></edge>
  <edge id="CE" from="C" to="E"><lane id="CE_0" index="0" speed="13.89" length="100.00" shape="110,0 210,0"/></edge>
  <connection from="V" to="U" fromLane="0" toLane="0" tl="D" linkIndex="0" dir="s"/>
  <connection from="U" to="A" fromLane="0" toLane="0" dir="s"/><connection from="U" to="A" fromLane="0" toLane="1" dir="s"/>
  <connection from="A" to="B" fromLane="0" toLane="0" dir="s"/><connection from="A" to="B" fromLane="1" toLane="1" dir="s"/><connection from="A" to="B" fromLane="1" toLane="2" dir="s"/>
  <connection from="B" to="CE" fromLane="0" toLane="0" tl="C" linkIndex="0" dir="s"/><connection from="B" to="CE" fromLane="1" toLane="0" tl="C" linkIndex="1" dir="s"/><connection from="B" to="CE" fromLane="2" toLane="0" tl="C" linkIndex="2" dir="l"/>
</net>`);

describe(laneChains.name, () => {
  const sut = laneChains(NET);

  it('finds a place before a short controlled lane on its only predecessor, and never through a signal', () => {
    expect(sut.upstreamPlace('B_2', 5)).toEqual({ laneId: 'B_2', posM: 5 });
    expect(sut.upstreamPlace('B_2', 60)).toEqual({ laneId: 'A_1', posM: 50 });
    expect(sut.upstreamPlace('B_0', 150)).toEqual({ laneId: 'U_0', posM: 40 });
    // U comes through signal D: nothing beyond it.
    expect(sut.upstreamPlace('B_0', 250)).toBeUndefined();
    expect(sut.chainLengthM('B_0')).toBe(190);
  });

  it('ties a place before a lane split to every controlled lane it feeds, at its distance to their stop line', () => {
    expect(sut.feeds('A_1', 50)).toEqual({ controlledLanes: ['B_1', 'B_2'], toStopLineM: 60 });
    expect(sut.feeds('B_0', 7)).toEqual({ controlledLanes: ['B_0'], toStopLineM: 3 });
    // U_0 is the only way into both of A's lanes, so it feeds all of B, 150 m out.
    expect(sut.feeds('U_0', 40)).toEqual({ controlledLanes: ['B_0', 'B_1', 'B_2'], toStopLineM: 150 });
    // V is controlled by signal D: its loops are D's, never carried through D to C.
    expect(sut.feeds('V_0', 10)).toEqual({ controlledLanes: ['V_0'], toStopLineM: 40 });
    // Past the signal: lanes after C lead to no controlled lane.
    expect(sut.feeds('CE_0', 10)).toBeUndefined();
    expect(MAX_CHAIN_M).toBeGreaterThan(60);
  });
});
