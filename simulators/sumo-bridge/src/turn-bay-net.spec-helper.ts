/** A net for the specs of loop placement: a lane split before a signal, as netconvert writes a turn bay. */
import { parseSumoNet } from './sumo-net';

/** A (100 m, two lanes) splits at X into B (10 m, three lanes, lane 2 a left bay fed by A_1) before signal C. */
export const TURN_BAY_NET = parseSumoNet(`<net version="1.9">
  <edge id="A" from="W" to="X"><lane id="A_0" index="0" speed="13.89" length="100.00" shape="0,0 100,0"/><lane id="A_1" index="1" speed="13.89" length="100.00" shape="0,3 100,3"/></edge>
  <edge id="B" from="X" to="C"><lane id="B_0" index="0" speed="13.89" length="10.00" shape="100,0 110,0"/><lane id="B_1" index="1" speed="13.89" length="10.00" shape="100,3 110,3"/><lane id="B_2" index="2" speed="13.89" length="10.00" shape="100,6 110,6"/></edge>
  <edge id="CE" from="C" to="E"><lane id="CE_0" index="0" speed="13.89" length="100.00" shape="110,0 210,0"/></edge>
  <tlLogic id="C" type="static" programID="0" offset="0"><phase duration="40" state="GGr"/><phase duration="3" state="yyr"/><phase duration="10" state="rrG"/><phase duration="3" state="rry"/></tlLogic>
  <junction id="X" type="priority" x="100" y="0"/><junction id="C" type="traffic_light" x="110" y="0"/>
  <connection from="A" to="B" fromLane="0" toLane="0" dir="s"/><connection from="A" to="B" fromLane="1" toLane="1" dir="s"/><connection from="A" to="B" fromLane="1" toLane="2" dir="s"/>
  <connection from="B" to="CE" fromLane="0" toLane="0" tl="C" linkIndex="0" dir="s"/><connection from="B" to="CE" fromLane="1" toLane="0" tl="C" linkIndex="1" dir="s"/><connection from="B" to="CE" fromLane="2" toLane="0" tl="C" linkIndex="2" dir="l"/>
</net>`);
