/**
 * @arterial/sumo-bridge: SUMO (TraCI) as Arterial devices, the .net.xml converter and the grid scenario builder. For
 * evaluations, `startBridge` runs the platform's control or one of SUMO's built-in controllers (`program`) on the same
 * begin/end, seed and tripinfo output.
 */
export { startBridge, type BridgeOptions, type BridgeSummary, type RunningBridge } from './bridge';
export { ControllerBridge, CENTRE_PROGRAM_ID, CENTRE_SILENT_CYCLES, FAULT, lightStatus, type ControllerEvent } from './controller-bridge';
export { CONTROL_PROGRAMS, builtInProgramsXml, type ControlProgram } from './sumo-programs';
export { DETECTOR_MODES, controlledIncomingLanes, inductionLoopsXml, placeDetectors, type DetectorMode } from './detector-placement';
export { ConflictMonitor, monitorCardOf, type MonitorCard, type Violation, type ViolationKind } from './conflict-monitor';
export { gapsOut, greenAtStart, isActuated } from './actuation';
export { CONTROLLER_CLOCKS, controllerClockOf, type ControllerClock, type ControllerClockKind } from './controller-clock';
export { epochMappingOf, runWindowOf, type EpochMapping, type RunWindow } from './run-window';
export { prepareRun, type RunSetup, type RunSetupOptions } from './run-setup';
export { additionalFilesOfConfig, netFileOfConfig, timeOfConfig } from './sumo-config';
export { LoopAggregator } from './detector-aggregator';
export { planOffsetTransition, coordinatedCycleSecond, type OffsetTransition, type TransitionInput } from './offset-transition';
export { buildGridScenario, loopIdForLane, type GridScenarioOptions, type Scenario } from './grid-scenario';
export { signalProgramOf, snapshotOf, logicWithSplits, type SignalProgram } from './signal-program';
export { junctionLimitsOf, phaseLimitsOf } from './junction-limits';
export { parseSumoNet, readSumoNet, type SumoNet } from './sumo-net';
export { startSumo, sumoEnv, DEFAULT_SUMO_HOME } from './sumo-process';
export { summariseTripinfo, summariseTripinfoFile, type TripSummary } from './tripinfo-summary';
export { sumoNetToNetwork, sumoNetFileToNetwork, contractId, type ConvertOptions, type ConvertFileOptions } from './convert/sumo-net-to-network';
export { visitXmlFile, visitXmlText, type OpenXmlFile, type XmlElement, type XmlVisitor } from './xml/xml-element.reader';
export { TraciClient, TraciCommandError } from './traci/traci-client';
export type { TlsLogic, TlsPhase } from './traci/traffic-light-logic';
