/**
 * `@arterial/processor`: the public entry for tests and tools. Everything else in this package is internal;
 * `main.ts` is the process entry (`npm start`).
 */
export { startProcessor, type RunningProcessor, type StartOptions } from './bootstrap';
export { CONFIG_ENV_VARS, loadConfig, type ProcessorConfig } from './config/processor-config';
export { ARTERIAL_METRIC_NAMES } from './metrics/arterial-metrics';
export { exportedMetricNames } from './metrics/exported-metric-names';
export { MEASUREMENTS } from './storage/line-protocol';
export { PROCESSOR_MALLOC_ENV, PROCESSOR_NODE_OPTIONS } from './runtime-flags';
export { AGG_MEASUREMENT, AGG_RP, RAW_RP } from './storage/influx-schema';
export { LiveStateService } from './state/live-state.service';
export { InfluxTimeSeriesStore } from './storage/influx-time-series-store';
export type { StoreHealth, TimeSeriesRecord, TimeSeriesStore } from './storage/time-series-store';
export { linkEstimate, measurement, suiteBaseTime, timeSeriesStoreSuite, type StoreFixture } from './storage/time-series-store.suite';
export type { BrokerConnection, InboundMessage, PublishOptions } from './broker/broker-connection';
export { EmbeddedBrokerConnection, type AccessRefusal } from './broker/embedded-broker-connection.adapter';
export { DeviceAccessPolicy, DEFAULT_DEVICE_LIMITS, type DeviceLimits } from './auth/devices/device-access.policy';
export { DeviceRegistryFile } from './auth/devices/device-registry.file';
export { runDeviceCommand } from './auth/devices/device.commands';
export { parseDeviceOptions } from './auth/devices/device.options';
export { runUserCommand } from './auth/operators/user.commands';
export { loadJose } from './auth/operators/jose.loader';
export { LOCAL_AUDIENCE, LOCAL_ISSUER } from './auth/operators/local-tokens';
export { ExternalBrokerConnection } from './broker/external-broker-connection.adapter';
export { InMemoryBrokerConnection } from './broker/in-memory-broker-connection';
export { brokerConnectionSuite, type BrokerConnectionFixture, type DeviceDelivery, type SuiteDevice } from './broker/broker-connection.suite';
export { ManualClock, type Clock } from './clock/clock';
export { runReplay, type ReplayRunOptions, type ReplaySummary, type ReplayProgress } from './replay/replay.runner';
export { VirtualClock } from './replay/virtual-clock';
export { PlanEngineService } from './control/engine/plan-engine.service';
export { NdjsonFileTimeSeriesStore } from './replay/ndjson-file-time-series-store';
export { readRecording, type BadLine, type RecordingReadStats } from './replay/recording.reader';
export { RecordingWriter } from './replay/recording.writer';
export { decodeRecordingLine, type RecordedMessage } from './replay/recording-line.codec';
export { JUNCTION_OWNERSHIP, SoleOwnership, type JunctionOwnership, type OwnershipStatus } from './cluster/junction-ownership';
export { EtcdJunctionOwnership } from './cluster/etcd-junction-ownership.adapter';
export { rendezvousOwner } from './cluster/rendezvous';
