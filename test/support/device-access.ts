/** Device access for suites that start an embedded broker themselves, and device provisioning for security suites. */
import * as path from 'node:path';
import { DEFAULT_DEVICE_LIMITS, DeviceAccessPolicy, DeviceRegistryFile, parseDeviceOptions, runDeviceCommand, type Clock, type DeviceLimits } from '@arterial/processor';

/** The development mode of MQTT_ALLOW_ANONYMOUS=true: clients without credentials may do anything. */
export function anonymousAccess(clock: Clock): DeviceAccessPolicy {
  return new DeviceAccessPolicy(new DeviceRegistryFile(path.join('/nonexistent', 'devices.json')), true, DEFAULT_DEVICE_LIMITS, clock);
}

export function registryAccess(registryFile: string, clock: Clock, limits: Partial<DeviceLimits> = {}): DeviceAccessPolicy {
  return new DeviceAccessPolicy(new DeviceRegistryFile(registryFile), false, { ...DEFAULT_DEVICE_LIMITS, ...limits }, clock);
}

export interface DeviceCredentials {
  username: string;
  password: string;
}

/** Runs `npm run device -- ARGS` in-process against a registry file; returns the last output line parsed. */
export function deviceCommand<T = DeviceCredentials>(registryFile: string, ...args: string[]): T {
  const lines = runDeviceCommand(parseDeviceOptions(args).command, { registryFile, nowMs: Date.now() });
  return JSON.parse(lines[lines.length - 1] ?? 'null') as T;
}
