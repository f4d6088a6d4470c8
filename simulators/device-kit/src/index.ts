/** @arterial/device-kit: what every emulated device shares (traffic simulator, device fleet, SUMO bridge). */
export { runCli, EXIT_USAGE, type CliIo, type CliProgram } from './cli/cli-entry';
export {
  choiceFlag, dateFlag, numberFlag, numberListFlag, parseCliValues, usageText, type CliCommand, type CliOption, type CliOptionTable, type CliValues,
} from './cli/cli-options';
export { MQTT_CREDENTIAL_OPTIONS, mqttCredentials, type MqttCredentials } from './cli/mqtt-credentials';
export { contractProblem, ContractViolation, routeOf, toWire, type ContractMessage, type WireMessage } from './contract/contract-message';
export { ContractPublisher, type WireSender } from './contract/contract-publisher';
export { isValidId, partitionDeviceIds, type IdPartition } from './ids/device-ids';
export { backoffDelayMs, DEFAULT_BACKOFF, RetrySchedule, type BackoffOptions } from './mqtt/backoff';
export type { ConnectionEvents, ConnectionSpec, DeviceConnection, DeviceTransport, LastWill, PublishDone } from './mqtt/device-connection';
export { MqttDeviceConnection, MqttDeviceTransport, type MqttDeviceTransportOptions } from './mqtt/mqtt-device-transport.adapter';
export { freeTcpPort } from './net/free-port';
export { loadNetworkFile } from './network/load-network';
export { decodePlan, type PlanDecodeResult } from './plan/plan-decoder';
export { PlanIntake, type PlanAnswer, type PlanIgnored } from './plan/plan-intake';
export { COMMAND_REJECTIONS, CommandIntake, type CommandAnswer, type CommandCapabilities, type CommandIgnored } from './plan/command-intake';
export { hashSeed, mulberry32, Rng } from './random/prng';
