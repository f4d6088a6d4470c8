/** @arterial/sumo-bridge: SUMO (TraCI) as Arterial devices, the .net.xml converter and the grid scenario builder. */
export { startBridge, type BridgeOptions, type BridgeSummary, type RunningBridge } from './bridge';
export { ControllerBridge, CENTRE_PROGRAM_ID, type ControllerEvent } from './controller-bridge';
export { LoopAggregator } from './detector-aggregator';
export { planOffsetTransition, coordinatedCycleSecond, type OffsetTransition, type TransitionInput } from './offset-transition';
export { buildGridScenario, loopIdForLane, type GridScenarioOptions, type Scenario } from './grid-scenario';
export { signalProgramOf, snapshotOf, planRejection, logicWithSplits, type SignalProgram } from './signal-program';
export { parseSumoNet, type SumoNet } from './sumo-net';
export { startSumo, sumoEnv, DEFAULT_SUMO_HOME } from './sumo-process';
export { summariseTripinfo, type TripSummary } from './tripinfo-summary';
export { sumoNetToNetwork, contractId, type ConvertOptions } from './convert/sumo-net-to-network';
export { TraciClient, TraciCommandError } from './traci/traci-client';
export type { TlsLogic, TlsPhase } from './traci/traffic-light-logic';
