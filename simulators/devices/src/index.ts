/** @arterial/device-fleet: thousands of emulated detectors and controllers over real MQTT connections, for load and soak tests. */
export { DeviceFleet, type DeviceFleetOptions, type DetectorLayout, type FleetStats, type FleetSummary } from './fleet/device-fleet';
export { planFromCounts, planFromNetwork, type CountPlanOptions, type FleetPlan, type PlannedIntersection } from './fleet/fleet-plan';
export { RoundRobinSchedule } from './fleet/round-robin-schedule';
export { ControllerEmulator, defaultProgram, type ControllerProgram } from './payload/controller-emulator';
export { DetectorEmulator } from './payload/detector-emulator';
export { JsonTemplate } from './payload/json-template';
export { MqttFleetTransport, type MqttFleetTransportOptions } from './transport/mqtt-fleet-transport';
export { FakeFleetTransport, FakeConnection, type FakePublish } from './transport/fake-fleet-transport';
export { assertLoopbackUrl } from './transport/loopback';
export { parseCliOptions, openFileLimit, type FleetCliOptions } from './cli-options';

import { MqttFleetTransport } from './transport/mqtt-fleet-transport';
import { DeviceFleet, type DeviceFleetOptions } from './fleet/device-fleet';

/** A fleet on a real (loopback-only) broker: the usual entry point for tests and benchmarks. */
export function createMqttFleet(url: string, options: Omit<DeviceFleetOptions, 'transport'>): DeviceFleet {
  return new DeviceFleet({ ...options, transport: new MqttFleetTransport({ url }) });
}
