/** @arterial/sumo-bridge: SUMO (TraCI) as Arterial devices, the .net.xml converter and the grid scenario builder. */
export { startBridge, type BridgeOptions, type BridgeSummary, type RunningBridge } from './bridge';
export { ControllerBridge, CENTRE_PROGRAM_ID, lightStatus, type ControllerEvent } from './controller-bridge';
export { LoopAggregator } from './detector-aggregator';
export { planOffsetTransition, coordinatedCycleSecond, type OffsetTransition, type TransitionInput } from './offset-transition';
export { buildGridScenario, loopIdForLane, type GridScenarioOptions, type Scenario } from './grid-scenario';
export { signalProgramOf, snapshotOf, logicWithSplits, type SignalProgram } from './signal-program';
export { junctionLimitsOf, phaseLimitsOf } from './junction-limits';
export { parseSumoNet, readSumoNet, type SumoNet } from './sumo-net';
export { startSumo, sumoEnv, DEFAULT_SUMO_HOME } from './sumo-process';
export { summariseTripinfo, summariseTripinfoFile, type TripSummary } from './tripinfo-summary';
export { sumoNetToNetwork, sumoNetFileToNetwork, contractId, type ConvertOptions, type ConvertFileOptions } from './convert/sumo-net-to-network';
export { visitXmlFile, visitXmlText, type OpenXmlFile, type XmlElement } from './xml/xml-element.reader';
export { TraciClient, TraciCommandError } from './traci/traci-client';
export type { TlsLogic, TlsPhase } from './traci/traffic-light-logic';
