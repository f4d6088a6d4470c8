import type { DeviceEntry, RegistryDocument } from '../devices/device-registry';
import type { UserDocument, UserEntry } from '../operators/user-registry';
import { deviceRegistryChanges, userRegistryChanges } from './registry-changes';

const hash = (h: string) => ({ algorithm: 'scrypt' as const, N: 16, r: 1, p: 1, salt: 's', hash: h });
const device = (name: string, over: Partial<DeviceEntry> = {}): DeviceEntry => ({ name, role: 'detector', owns: [], secret: hash(name), mosquittoHash: null, createdAt: 0, updatedAt: 0, revokedAt: null, ...over });
const user = (name: string, over: Partial<UserEntry> = {}): UserEntry => ({ name, role: 'viewer', password: hash(name), createdAt: 0, updatedAt: 0, disabledAt: null, ...over });
const devices = (...d: DeviceEntry[]): RegistryDocument => ({ version: 1, devices: d });
const users = (...u: UserEntry[]): UserDocument => ({ version: 1, users: u });

describe(deviceRegistryChanges.name, () => {
  it('finds added, rotated and revoked devices, and devices removed by hand', () => {
    const before = devices(device('d1'), device('d2'), device('d3'));
    const after = devices(device('d1', { secret: hash('new') }), device('d2', { revokedAt: 5, secret: null }), device('d4'));
    expect(deviceRegistryChanges(before, after).map((c) => `${c.action}:${c.target}`)).toEqual(['device-rotated:d1', 'device-revoked:d2', 'device-added:d4', 'device-revoked:d3']);
    expect(deviceRegistryChanges(after, after)).toEqual([]);
  });
});

describe(userRegistryChanges.name, () => {
  it('finds added and disabled users, role and password changes', () => {
    const before = users(user('a'), user('b'), user('c'));
    const after = users(user('a', { role: 'admin' }), user('b', { password: hash('other') }), user('c', { disabledAt: 1, password: null }), user('d'));
    expect(userRegistryChanges(before, after).map((c) => `${c.action}:${c.target}:${c.detail}`)).toEqual([
      'user-role-changed:a:viewer → admin',
      'user-password-changed:b:role viewer',
      'user-disabled:c:role viewer',
      'user-added:d:role viewer',
    ]);
  });
});
