import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock } from '../../clock/clock';
import { DeviceAccessPolicy, type ConnectionIdentity, type DeviceLimits } from './device-access.policy';
import { addDevice, EMPTY_REGISTRY, revokeDevice, rotateDevice, type RegistryDocument } from './device-registry';
import { DeviceRegistryFile } from './device-registry.file';
import { hashSecret } from './device-secret.hashing';

const FAST = { N: 1 << 10, r: 8, p: 1 };
const LIMITS: DeviceLimits = { maxPayloadBytes: 100, ratePerS: 2, burst: 3 };
const creds = (username: string | undefined, password?: string) => ({ username, password: password === undefined ? undefined : Buffer.from(password) });
const secretOf = (password: string) => ({ secret: hashSecret(password, FAST), mosquittoHash: '$7$x' });
const measurement = (id: string) => `arterial/v1/detectors/${id}/measurement`;

describe(DeviceAccessPolicy.name, () => {
  let dir: string;
  let file: DeviceRegistryFile;
  let clock: ManualClock;
  let sut: DeviceAccessPolicy;

  const save = (change: (doc: RegistryDocument) => RegistryDocument) => file.write(change(file.read()));
  const identityOf = async (username: string, password: string): Promise<ConnectionIdentity> => {
    const result = await sut.authenticate(creds(username, password));
    if (!result.ok) throw new Error(result.detail);
    return result.identity;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-policy-'));
    file = new DeviceRegistryFile(path.join(dir, 'devices.json'));
    save((doc) => addDevice(doc, { name: 'd1', role: 'detector' }, secretOf('pw-d1'), 0));
    save((doc) => addDevice(doc, { name: 'cab', role: 'gateway', owns: ['d1', 'd2', 'c1'] }, secretOf('pw-cab'), 0));
    clock = new ManualClock(1_000_000);
    sut = new DeviceAccessPolicy(new DeviceRegistryFile(file.file), false, LIMITS, clock);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses anonymous, unknown, wrong-secret and password-less connections', async () => {
    expect(sut.mode).toBe('registry');
    await expect(sut.authenticate(creds(undefined))).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('anonymous') });
    await expect(sut.authenticate(creds('nobody', 'x'))).resolves.toMatchObject({ ok: false });
    await expect(sut.authenticate(creds('d1', 'wrong'))).resolves.toMatchObject({ ok: false, detail: 'wrong secret for device d1' });
    await expect(sut.authenticate(creds('d1'))).resolves.toMatchObject({ ok: false });
    await expect(sut.authenticate(creds('d1', 'pw-d1'))).resolves.toMatchObject({ ok: true, identity: { kind: 'device', actor: { name: 'd1', role: 'detector' } } });
  });

  it('accepts a verified certificate as the credential, when it names a registered device', async () => {
    await expect(sut.authenticate({ username: undefined, password: undefined, certificateName: 'd1' })).resolves.toMatchObject({ ok: true });
    await expect(sut.authenticate({ username: 'cab', password: undefined, certificateName: 'd1' })).resolves.toMatchObject({ ok: false });
    await expect(sut.authenticate({ username: undefined, password: undefined, certificateName: 'ghost' })).resolves.toMatchObject({ ok: false });
  });

  it('applies rotation and revocation at once, to new and open connections alike', async () => {
    const open = await identityOf('d1', 'pw-d1');
    save((doc) => rotateDevice(doc, 'd1', secretOf('pw-d1-new'), 1));
    await expect(sut.authenticate(creds('d1', 'pw-d1'))).resolves.toMatchObject({ ok: false });
    await expect(sut.authenticate(creds('d1', 'pw-d1-new'))).resolves.toMatchObject({ ok: true });
    save((doc) => revokeDevice(doc, 'd1', 2));
    // An open session learns of it within a second (the registry file is not stat'ed for every message).
    clock.advance(1000);
    expect(sut.authorisePublish(open, measurement('d1'), 10)).toMatchObject({ allowed: false, reason: 'unauthorised', detail: 'device d1 was revoked' });
    await expect(sut.authenticate(creds('d1', 'pw-d1-new'))).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('revoked') });
  });

  it('checks topics, payload size and the per-device rate (scaled by what a gateway owns)', async () => {
    const d1 = await identityOf('d1', 'pw-d1');
    expect(sut.authorisePublish(d1, measurement('d2'), 10)).toMatchObject({ allowed: false, reason: 'unauthorised' });
    expect(sut.authorisePublish(d1, measurement('d1'), 101)).toMatchObject({ allowed: false, reason: 'oversize' });
    const allowed = Array.from({ length: 5 }, () => sut.authorisePublish(d1, measurement('d1'), 10).allowed);
    expect(allowed).toEqual([true, true, true, false, false]);
    clock.advance(500);
    expect(sut.authorisePublish(d1, measurement('d1'), 10)).toEqual({ allowed: true });
    expect(sut.authorisePublish(d1, measurement('d1'), 10)).toMatchObject({ allowed: false, reason: 'rate-limited' });
    const cab = await identityOf('cab', 'pw-cab');
    // Owning three devices, the gateway may burst 3 × 3 messages.
    expect(Array.from({ length: 10 }, () => sut.authorisePublish(cab, measurement('d2'), 10).allowed).filter(Boolean)).toHaveLength(9);
    expect(sut.authoriseSubscribe(cab, 'arterial/v1/controllers/c1/plan')).toEqual({ allowed: true });
    expect(sut.authoriseSubscribe(cab, 'arterial/v1/controllers/c2/plan')).toMatchObject({ allowed: false, reason: 'unauthorised' });
  });

  it('checks a will without spending the rate', async () => {
    const d1 = await identityOf('d1', 'pw-d1');
    expect(sut.authoriseWill(d1, 'arterial/v1/controllers/c1/status')).toMatchObject({ allowed: false, detail: expect.stringMatching(/^will: /) });
    for (let i = 0; i < 10; i++) expect(sut.authoriseWill(d1, measurement('d1'))).toEqual({ allowed: true });
  });

  it('refuses a connection it never authenticated', () => {
    expect(sut.authorisePublish(undefined, measurement('d1'), 1)).toMatchObject({ allowed: false, reason: 'unauthorised' });
    expect(sut.authoriseSubscribe(undefined, 'arterial/v1/controllers/c1/plan')).toMatchObject({ allowed: false });
  });

  it('in anonymous mode lets clients without credentials do anything, and still checks credentials', async () => {
    const anonymous = new DeviceAccessPolicy(new DeviceRegistryFile(file.file), true, LIMITS, clock);
    expect(anonymous.mode).toBe('anonymous');
    const result = await anonymous.authenticate(creds(undefined));
    expect(result).toEqual({ ok: true, identity: { kind: 'anonymous' } });
    expect(anonymous.authorisePublish({ kind: 'anonymous' }, 'arterial/v1/controllers/c1/plan', 10_000)).toEqual({ allowed: true });
    await expect(anonymous.authenticate(creds('d1', 'wrong'))).resolves.toMatchObject({ ok: false });
    const d1 = await anonymous.authenticate(creds('d1', 'pw-d1'));
    expect(d1.ok && anonymous.authorisePublish(d1.identity, 'arterial/v1/controllers/c1/plan', 10)).toMatchObject({ allowed: false });
  });

  it('an empty registry refuses everyone', async () => {
    const empty = path.join(dir, 'none.json');
    fs.writeFileSync(empty, JSON.stringify(EMPTY_REGISTRY));
    const strict = new DeviceAccessPolicy(new DeviceRegistryFile(empty), false, LIMITS, clock);
    await expect(strict.authenticate(creds('d1', 'pw-d1'))).resolves.toMatchObject({ ok: false });
  });
});
