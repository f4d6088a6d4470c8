/** Command-line options of `npm run device`, parsed and checked without side effects. */
import { parseArgs } from 'node:util';
import { DEVICE_ROLES, isDeviceRole, type DeviceRole } from './device-registry';
import { refuseExtraOptions } from '../cli-extras';

export type DeviceCommand =
  | { command: 'help' }
  | { command: 'add'; name: string; role: DeviceRole; owns: string[]; ownsNetwork: string | undefined }
  | { command: 'rotate'; name: string }
  | { command: 'revoke'; name: string }
  | { command: 'list' }
  | { command: 'export-mosquitto'; passwordsFile: string; aclFile: string };

export interface DeviceCliOptions {
  /** The registry file (default DEVICE_REGISTRY_FILE or data/devices.json). */
  registry: string | undefined;
  command: DeviceCommand;
}

export const DEVICE_USAGE = `Usage: npm run device -- COMMAND [--registry FILE]
  add NAME --role ${DEVICE_ROLES.join('|')} [--owns ID,ID,…] [--owns-network FILE]
                      register a device; prints its credentials ONCE, as JSON on the last line
                      ({"username":…,"password":…}). --owns (gateways): detector and intersection ids it
                      publishes for; --owns-network: every detector and intersection of a network file
  rotate NAME         new password for a device (same output); the old one stops working at once
  revoke NAME         the device can no longer connect; its open sessions end at their next message
  list                devices as JSON (never secrets)
  export-mosquitto --passwords FILE --acl FILE
                      a mosquitto 2 password file and ACL file from the registry (external broker)
  --registry FILE     registry file (default DEVICE_REGISTRY_FILE or data/devices.json)`;

function one(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new Error(`give exactly one ${what}`);
  return positionals[0] as string;
}

export function parseDeviceOptions(argv: readonly string[]): DeviceCliOptions {
  const { values, positionals } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      owns: { type: 'string' },
      'owns-network': { type: 'string' },
      passwords: { type: 'string' },
      acl: { type: 'string' },
      registry: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const registry = values.registry;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') return { registry, command: { command: 'help' } };
  const noExtras = (allowed: readonly string[]) => refuseExtraOptions(command, values, allowed);
  switch (command) {
    case 'add': {
      noExtras(['role', 'owns', 'owns-network']);
      const name = one(rest, 'device NAME');
      const role = values.role ?? '';
      if (!isDeviceRole(role)) throw new Error(`--role must be one of ${DEVICE_ROLES.join(', ')}`);
      const owns = (values.owns ?? '').split(',').map((id) => id.trim()).filter((id) => id !== '');
      if ((owns.length > 0 || values['owns-network'] !== undefined) && role !== 'gateway') throw new Error('--owns and --owns-network are for gateways');
      return { registry, command: { command: 'add', name, role, owns, ownsNetwork: values['owns-network'] } };
    }
    case 'rotate':
    case 'revoke':
      noExtras([]);
      return { registry, command: { command, name: one(rest, 'device NAME') } };
    case 'list':
      noExtras([]);
      if (rest.length > 0) throw new Error('list takes no arguments');
      return { registry, command: { command: 'list' } };
    case 'export-mosquitto':
      noExtras(['passwords', 'acl']);
      if (rest.length > 0 || !values.passwords || !values.acl) throw new Error('export-mosquitto needs --passwords FILE and --acl FILE');
      return { registry, command: { command: 'export-mosquitto', passwordsFile: values.passwords, aclFile: values.acl } };
    default:
      throw new Error(`unknown command ${JSON.stringify(command)}`);
  }
}
