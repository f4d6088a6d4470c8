import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { activeDevice, addDevice, DeviceRegistryError, EMPTY_REGISTRY, listDevices, parseRegistry, revokeDevice, rotateDevice, type StoredSecret } from './device-registry';
import { DeviceRegistryFile } from './device-registry.file';

const stored = (tag: string): StoredSecret => ({ secret: { algorithm: 'scrypt', N: 1024, r: 8, p: 1, salt: 'c2FsdA==', hash: tag }, mosquittoHash: `$7$1$x$${tag}` });

describe('device registry', () => {
  it('adds, rotates and revokes, keeping revoked devices listed without secrets', () => {
    let doc = addDevice(EMPTY_REGISTRY, { name: 'd1', role: 'detector' }, stored('a'), 1000);
    doc = rotateDevice(doc, 'd1', stored('b'), 2000);
    expect(activeDevice(doc, 'd1')).toMatchObject({ role: 'detector', secret: { hash: 'b' }, createdAt: 1000, updatedAt: 2000 });
    doc = revokeDevice(doc, 'd1', 3000);
    expect(activeDevice(doc, 'd1')).toBeUndefined();
    expect(doc.devices[0]).toMatchObject({ secret: null, mosquittoHash: null, revokedAt: 3000 });
    expect(listDevices(doc)).toEqual([{ name: 'd1', role: 'detector', owns: [], createdAt: 1000, updatedAt: 3000, revokedAt: 3000 }]);
  });

  it('refuses a second active device of the same name, bad names, and --owns on anything but a gateway', () => {
    const doc = addDevice(EMPTY_REGISTRY, { name: 'd1', role: 'detector' }, stored('a'), 1);
    expect(() => addDevice(doc, { name: 'd1', role: 'detector' }, stored('b'), 2)).toThrow(DeviceRegistryError);
    expect(() => addDevice(doc, { name: 'a/b', role: 'detector' }, stored('b'), 2)).toThrow(/must match/);
    expect(() => addDevice(doc, { name: 'c1', role: 'controller', owns: ['d1'] }, stored('b'), 2)).toThrow(/gateways/);
    expect(() => addDevice(doc, { name: 'g', role: 'gateway', owns: ['ok', 'not ok'] }, stored('b'), 2)).toThrow(/must match/);
  });

  it('re-adds a revoked device under its name, and will not rotate a revoked one', () => {
    const revoked = revokeDevice(addDevice(EMPTY_REGISTRY, { name: 'd1', role: 'detector' }, stored('a'), 1), 'd1', 2);
    expect(() => rotateDevice(revoked, 'd1', stored('b'), 3)).toThrow(/revoked/);
    expect(activeDevice(addDevice(revoked, { name: 'd1', role: 'detector' }, stored('c'), 3), 'd1')?.secret?.hash).toBe('c');
    expect(() => revokeDevice(revoked, 'nobody', 3)).toThrow(/no device/);
  });

  it('parses only well-formed documents', () => {
    expect(() => parseRegistry('{"devices":[]}')).toThrow(/version/);
    expect(() => parseRegistry('{"version":1,"devices":[{"name":"x","role":"root","owns":[]}]}')).toThrow(/unknown role/);
    expect(parseRegistry('{"version":1,"devices":[]}')).toEqual(EMPTY_REGISTRY);
  });
});

describe(DeviceRegistryFile.name, () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-registry-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a missing file as empty, writes atomically with mode 0600, and sees changes made by another writer', () => {
    const file = path.join(dir, 'sub', 'devices.json');
    const sut = new DeviceRegistryFile(file);
    expect(sut.current()).toEqual(EMPTY_REGISTRY);
    new DeviceRegistryFile(file).write(addDevice(EMPTY_REGISTRY, { name: 'd1', role: 'detector' }, stored('a'), 1));
    expect(activeDevice(sut.current(), 'd1')).toBeDefined();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['devices.json']);
    new DeviceRegistryFile(file).write(revokeDevice(sut.read(), 'd1', 2));
    expect(activeDevice(sut.current(), 'd1')).toBeUndefined();
  });

  it('keeps the last good registry and reports the error when the file turns bad', () => {
    const file = path.join(dir, 'devices.json');
    const sut = new DeviceRegistryFile(file);
    sut.write(addDevice(EMPTY_REGISTRY, { name: 'd1', role: 'detector' }, stored('a'), 1));
    expect(activeDevice(sut.current(), 'd1')).toBeDefined();
    fs.writeFileSync(file, '{ not json');
    expect(activeDevice(sut.current(), 'd1')).toBeDefined();
    expect(sut.lastError).toContain(file);
    expect(() => sut.read()).toThrow();
  });
});
