/**
 * What changed between two readings of the device registry or the users file, as security audit entries. The CLIs
 * (`npm run device`, `npm run user`) run in their own process and only write the file; the processor notices the
 * change on reload and records it here.
 */
import type { SecurityAuditAction } from '@arterial/contracts/api/v1';
import type { RegistryDocument } from '../devices/device-registry';
import type { UserDocument } from '../operators/user-registry';

export interface RegistryChange {
  action: SecurityAuditAction;
  target: string;
  detail: string;
}

export function deviceRegistryChanges(before: RegistryDocument, after: RegistryDocument): RegistryChange[] {
  const old = new Map(before.devices.map((d) => [d.name, d]));
  const changes: RegistryChange[] = [];
  for (const device of after.devices) {
    const was = old.get(device.name);
    const activeNow = device.revokedAt === null;
    const activeBefore = was !== undefined && was.revokedAt === null;
    const owns = device.owns.length > 0 ? `, owns ${device.owns.length}` : '';
    if (activeNow && !activeBefore) changes.push({ action: 'device-added', target: device.name, detail: `role ${device.role}${owns}` });
    else if (!activeNow && activeBefore) changes.push({ action: 'device-revoked', target: device.name, detail: `role ${device.role}` });
    else if (activeNow && was && was.secret?.hash !== device.secret?.hash) changes.push({ action: 'device-rotated', target: device.name, detail: `role ${device.role}` });
  }
  // Removed from the file by hand: as good as revoked.
  const names = new Set(after.devices.map((d) => d.name));
  for (const was of before.devices) {
    if (!names.has(was.name) && was.revokedAt === null) changes.push({ action: 'device-revoked', target: was.name, detail: 'removed from the registry file' });
  }
  return changes;
}

export function userRegistryChanges(before: UserDocument, after: UserDocument): RegistryChange[] {
  const old = new Map(before.users.map((u) => [u.name, u]));
  const changes: RegistryChange[] = [];
  for (const user of after.users) {
    const was = old.get(user.name);
    const activeNow = user.disabledAt === null;
    const activeBefore = was !== undefined && was.disabledAt === null;
    if (activeNow && !activeBefore) {
      changes.push({ action: 'user-added', target: user.name, detail: `role ${user.role}` });
      continue;
    }
    if (!activeNow) {
      if (activeBefore) changes.push({ action: 'user-disabled', target: user.name, detail: `role ${user.role}` });
      continue;
    }
    if (was && was.role !== user.role) changes.push({ action: 'user-role-changed', target: user.name, detail: `${was.role} → ${user.role}` });
    if (was && was.password?.hash !== user.password?.hash) changes.push({ action: 'user-password-changed', target: user.name, detail: `role ${user.role}` });
  }
  const names = new Set(after.users.map((u) => u.name));
  for (const was of before.users) {
    if (!names.has(was.name) && was.disabledAt === null) changes.push({ action: 'user-disabled', target: was.name, detail: 'removed from the users file' });
  }
  return changes;
}
