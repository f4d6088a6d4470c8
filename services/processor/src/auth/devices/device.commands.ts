/**
 * What each `npm run device` command does to the registry file, returning the lines to print (the last one JSON).
 * Separate from device.cli.ts so specs run it against a temporary file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectorsOf, intersectionsOf, parseNetworkModel } from '@arterial/contracts/network';
import { addDevice, listDevices, revokeDevice, rotateDevice, type StoredSecret } from './device-registry';
import { DeviceRegistryFile } from './device-registry.file';
import { generateSecret, hashSecret, mosquittoHash } from './device-secret.hashing';
import { mosquittoFiles } from './mosquitto-export';
import { DEVICE_USAGE, type DeviceCommand } from './device.options';

export interface DeviceCommandContext {
  registryFile: string;
  nowMs: number;
}

/** Every detector and intersection id of a network file: what a gateway for the whole network owns. */
export function networkDeviceIds(networkFile: string): string[] {
  const model = parseNetworkModel(JSON.parse(fs.readFileSync(networkFile, 'utf8')));
  return [...detectorsOf(model), ...intersectionsOf(model)].map((f) => f.properties.id);
}

/** A new secret with both its hashes; the plaintext leaves only through the command's output. */
function freshSecret(): { password: string; stored: StoredSecret } {
  const password = generateSecret();
  return { password, stored: { secret: hashSecret(password), mosquittoHash: mosquittoHash(password) } };
}

function credentialsLine(username: string, password: string): string {
  return JSON.stringify({ username, password });
}

export function runDeviceCommand(command: DeviceCommand, context: DeviceCommandContext): string[] {
  const file = new DeviceRegistryFile(context.registryFile);
  switch (command.command) {
    case 'help':
      return [DEVICE_USAGE];
    case 'add': {
      const owns = [...command.owns, ...(command.ownsNetwork ? networkDeviceIds(command.ownsNetwork) : [])];
      const { password, stored } = freshSecret();
      file.write(addDevice(file.read(), { name: command.name, role: command.role, owns }, stored, context.nowMs));
      return [`added ${command.role} ${command.name}${owns.length ? ` owning ${owns.length} devices` : ''}; the password is shown only now`, credentialsLine(command.name, password)];
    }
    case 'rotate': {
      const { password, stored } = freshSecret();
      file.write(rotateDevice(file.read(), command.name, stored, context.nowMs));
      return [`rotated ${command.name}; the old password no longer works, the new one is shown only now`, credentialsLine(command.name, password)];
    }
    case 'revoke':
      file.write(revokeDevice(file.read(), command.name, context.nowMs));
      return [JSON.stringify({ revoked: command.name })];
    case 'list':
      return [JSON.stringify(listDevices(file.read()))];
    case 'export-mosquitto': {
      const files = mosquittoFiles(file.read());
      writePrivate(command.passwordsFile, files.passwords);
      writePrivate(command.aclFile, files.acl);
      return [JSON.stringify({ passwords: command.passwordsFile, acl: command.aclFile, devices: files.devices })];
    }
  }
}

/** Owner-only: the password file holds hashes, the ACL file the map of who controls which junction. */
function writePrivate(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, text, { mode: 0o600 });
}
