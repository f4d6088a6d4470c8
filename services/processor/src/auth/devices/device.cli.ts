#!/usr/bin/env node
/** `npm run device -- COMMAND …`: manages the device registry (see device.options.ts for the commands). */
import { loadConfig } from '../../config/processor-config';
import { runDeviceCommand } from './device.commands';
import { DEVICE_USAGE, parseDeviceOptions } from './device.options';

function main(): void {
  let options;
  try {
    options = parseDeviceOptions(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${DEVICE_USAGE}\n`);
    process.exit(2);
  }
  const registryFile = options.registry ?? loadConfig().mqttAccess.registryFile;
  try {
    for (const line of runDeviceCommand(options.command, { registryFile, nowMs: Date.now() })) process.stdout.write(`${line}\n`);
  } catch (err) {
    process.stderr.write(`device: ${(err as Error).message}\n`);
    process.exit(1);
  }
}

main();
