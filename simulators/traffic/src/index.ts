/** @arterial/traffic-sim: demo and synthetic networks, the traffic model, virtual controllers and the MQTT runner. */
export { startSimulator, type RunningSimulator, type SimulatorOptions, type SimulatorStats } from './simulator';
export { SimulationEngine, type SimulationEngineOptions } from './engine/simulation-engine';
export type { MessageSink, OutboundMessage } from './engine/outbound-message';
export { RecordingTransport } from './transport/recording-transport';
export type { SimulatorTransport, TransportOpenOptions, TransportStats } from './transport/simulator-transport';
export type { ConnectionLayout } from './transport/mqtt-transport';
export { demoNetwork, DEMO_NETWORK_SPEC, BELL_TOWER_LON_LAT } from './network/demo-network';
export { gridNetwork, type GridNetworkOptions } from './network/grid-network';
export { buildArterialGrid, type ArterialGridSpec, type Corridor, type Importance } from './network/arterial-grid';
export { serializeNetwork } from './network/network-file';
export { SignalTimer, planProblems, type TimingPlan } from './controller/signal-timer';
export { VirtualController } from './controller/virtual-controller';
export { TrafficModel, type SignalView, type TrafficModelOptions } from './model/traffic-model';
export { DEFAULT_FAULT_RATES, NO_FAULTS, type FaultRates } from './model/detector-faults';
export { parseLaneClosure, type LaneClosure } from './model/incidents';
export { runOffline, type OfflineRunOptions, type OfflineSummary, type OfflineProgress } from './offline/run-offline';
