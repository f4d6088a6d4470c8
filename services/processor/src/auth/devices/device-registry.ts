/**
 * The device registry: who may connect to the embedded broker, in which role, for which ids. Pure operations over
 * one JSON document; device-registry.file.ts keeps it on disk. Secrets never appear here in clear.
 */
import { isValidId } from '@arterial/contracts/mqtt/v1';
import type { ScryptHash } from './device-secret.hashing';

export const DEVICE_ROLES = ['detector', 'controller', 'gateway', 'centre'] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];

export interface DeviceEntry {
  /** MQTT username; for a detector or controller also the id in its topics. */
  name: string;
  role: DeviceRole;
  /** Gateway only: the detector and intersection ids it publishes for. */
  owns: string[];
  secret: ScryptHash | null;
  /** The same secret in mosquitto's `$7$` form, for an external broker's password file. */
  mosquittoHash: string | null;
  createdAt: number;
  updatedAt: number;
  /** Set once revoked: the device can no longer connect (its secret is dropped). */
  revokedAt: number | null;
}

export interface RegistryDocument {
  version: 1;
  devices: DeviceEntry[];
}

/** What `list` shows: everything but the secrets. */
export type DeviceSummary = Omit<DeviceEntry, 'secret' | 'mosquittoHash'>;

export const EMPTY_REGISTRY: RegistryDocument = { version: 1, devices: [] };

export interface StoredSecret {
  secret: ScryptHash;
  mosquittoHash: string;
}

export class DeviceRegistryError extends Error {}

function checkName(name: string): void {
  if (!isValidId(name)) throw new DeviceRegistryError(`device name ${JSON.stringify(name)} must match [A-Za-z0-9_-]{1,64}`);
}

export function isDeviceRole(value: string): value is DeviceRole {
  return (DEVICE_ROLES as readonly string[]).includes(value);
}

export function findDevice(doc: RegistryDocument, name: string): DeviceEntry | undefined {
  return doc.devices.find((d) => d.name === name);
}

/** An active (not revoked) device by name. */
export function activeDevice(doc: RegistryDocument, name: string): DeviceEntry | undefined {
  const device = findDevice(doc, name);
  return device && device.revokedAt === null && device.secret ? device : undefined;
}

/** Adds a device, or brings back a revoked one under the same name; an active name is refused (rotate it instead). */
export function addDevice(doc: RegistryDocument, spec: { name: string; role: DeviceRole; owns?: readonly string[] }, stored: StoredSecret, nowMs: number): RegistryDocument {
  checkName(spec.name);
  const owns = [...new Set(spec.owns ?? [])];
  for (const id of owns) checkName(id);
  if (owns.length > 0 && spec.role !== 'gateway') throw new DeviceRegistryError(`--owns is for gateways; ${spec.name} is a ${spec.role}`);
  const existing = findDevice(doc, spec.name);
  if (existing && existing.revokedAt === null) throw new DeviceRegistryError(`device ${spec.name} exists; rotate or revoke it first`);
  const entry: DeviceEntry = { name: spec.name, role: spec.role, owns, ...stored, createdAt: nowMs, updatedAt: nowMs, revokedAt: null };
  return { version: 1, devices: [...doc.devices.filter((d) => d.name !== spec.name), entry] };
}

function update(doc: RegistryDocument, name: string, change: (d: DeviceEntry) => DeviceEntry): RegistryDocument {
  const device = findDevice(doc, name);
  if (!device) throw new DeviceRegistryError(`no device named ${JSON.stringify(name)}`);
  return { version: 1, devices: doc.devices.map((d) => (d === device ? change(d) : d)) };
}

/** A new secret for an active device; the old one stops working at the next CONNECT. */
export function rotateDevice(doc: RegistryDocument, name: string, stored: StoredSecret, nowMs: number): RegistryDocument {
  return update(doc, name, (d) => {
    if (d.revokedAt !== null) throw new DeviceRegistryError(`device ${name} is revoked; add it again instead`);
    return { ...d, ...stored, updatedAt: nowMs };
  });
}

/** Revoked devices stay listed (who existed and when it ended), without a secret. */
export function revokeDevice(doc: RegistryDocument, name: string, nowMs: number): RegistryDocument {
  return update(doc, name, (d) => (d.revokedAt !== null ? d : { ...d, secret: null, mosquittoHash: null, updatedAt: nowMs, revokedAt: nowMs }));
}

export function listDevices(doc: RegistryDocument): DeviceSummary[] {
  return doc.devices.map(({ secret: _secret, mosquittoHash: _mosquitto, ...summary }) => summary);
}

/** Checks a parsed file; throws with the first problem so a hand-edited registry fails loudly, not open. */
export function parseRegistry(text: string): RegistryDocument {
  const raw = JSON.parse(text) as Partial<RegistryDocument>;
  if (raw.version !== 1 || !Array.isArray(raw.devices)) throw new DeviceRegistryError('device registry: expected {"version":1,"devices":[…]}');
  for (const d of raw.devices) {
    if (typeof d?.name !== 'string' || !isValidId(d.name)) throw new DeviceRegistryError(`device registry: bad name ${JSON.stringify(d?.name)}`);
    if (!isDeviceRole(String(d.role))) throw new DeviceRegistryError(`device registry: ${d.name} has unknown role ${JSON.stringify(d.role)}`);
    if (!Array.isArray(d.owns) || !d.owns.every((id) => typeof id === 'string')) throw new DeviceRegistryError(`device registry: ${d.name} owns must be a list of ids`);
  }
  return raw as RegistryDocument;
}
