import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { activeDevice } from './device-registry';
import { DeviceRegistryFile } from './device-registry.file';
import { verifySecret } from './device-secret.hashing';
import { networkDeviceIds, runDeviceCommand } from './device.commands';
import { parseDeviceOptions } from './device.options';

const DEMO_NETWORK = path.resolve(__dirname, '..', '..', '..', '..', '..', 'firmware-contracts', 'networks', 'demo.geojson');

describe('npm run device', () => {
  let dir: string;
  let registryFile: string;
  const run = (argv: string) => runDeviceCommand(parseDeviceOptions(argv.split(' ')).command, { registryFile, nowMs: 5000 });
  const lastJson = (lines: string[]) => JSON.parse(lines[lines.length - 1] ?? '') as Record<string, unknown>;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-device-cli-'));
    registryFile = path.join(dir, 'devices.json');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('add prints the credentials once, as JSON on the last line, and stores only hashes', async () => {
    const credentials = lastJson(run('add c1 --role controller'));
    expect(credentials).toEqual({ username: 'c1', password: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    const text = fs.readFileSync(registryFile, 'utf8');
    expect(text).not.toContain(credentials.password as string);
    const device = activeDevice(new DeviceRegistryFile(registryFile).read(), 'c1');
    await expect(verifySecret(credentials.password as string, device!.secret!)).resolves.toBe(true);
    expect(device?.mosquittoHash).toMatch(/^\$7\$10000\$/);
    expect(() => run('add c1 --role controller')).toThrow(/exists/);
  });

  it('rotate replaces the secret; revoke removes it; list never shows secrets', async () => {
    const first = lastJson(run('add cab --role gateway --owns d1,d2,c1'));
    const second = lastJson(run('rotate cab'));
    expect(second.password).not.toBe(first.password);
    const stored = activeDevice(new DeviceRegistryFile(registryFile).read(), 'cab')!.secret!;
    await expect(verifySecret(first.password as string, stored)).resolves.toBe(false);
    expect(lastJson(run('revoke cab'))).toEqual({ revoked: 'cab' });
    const list = run('list');
    expect(JSON.parse(list[0] ?? '')).toEqual([{ name: 'cab', role: 'gateway', owns: ['d1', 'd2', 'c1'], createdAt: 5000, updatedAt: 5000, revokedAt: 5000 }]);
    expect(list.join('')).not.toMatch(/hash|secret|password/i);
  });

  it('--owns-network owns every detector and intersection of a network', () => {
    const ids = networkDeviceIds(DEMO_NETWORK);
    expect(ids.length).toBeGreaterThan(10);
    run(`add sim --role gateway --owns-network ${DEMO_NETWORK}`);
    expect(activeDevice(new DeviceRegistryFile(registryFile).read(), 'sim')?.owns).toEqual(ids);
  });

  it('export-mosquitto writes a password line per active device and its ACL', () => {
    run('add d1 --role detector');
    run('add c1 --role controller');
    run('add gone --role detector');
    run('revoke gone');
    const passwords = path.join(dir, 'passwd');
    const acl = path.join(dir, 'acl');
    expect(lastJson(run(`export-mosquitto --passwords ${passwords} --acl ${acl}`))).toEqual({ passwords, acl, devices: 2 });
    expect(fs.readFileSync(passwords, 'utf8')).toMatch(/^d1:\$7\$10000\$\S+\nc1:\$7\$10000\$\S+\n$/);
    const aclText = fs.readFileSync(acl, 'utf8');
    expect(aclText).toContain('user d1\ntopic write arterial/v1/detectors/d1/measurement\n');
    expect(aclText).toContain('user c1\ntopic write arterial/v1/controllers/c1/state\n');
    expect(aclText).toContain('topic read arterial/v1/controllers/c1/plan\n');
    expect(aclText).not.toContain('gone');
    expect(fs.statSync(passwords).mode & 0o777).toBe(0o600);
  });
});

describe(parseDeviceOptions.name, () => {
  it.each([
    ['add d1 --role detector', { command: 'add', name: 'd1', role: 'detector', owns: [], ownsNetwork: undefined }],
    ['add g --role gateway --owns a,b,,c', { command: 'add', name: 'g', role: 'gateway', owns: ['a', 'b', 'c'], ownsNetwork: undefined }],
    ['rotate d1', { command: 'rotate', name: 'd1' }],
    ['revoke d1', { command: 'revoke', name: 'd1' }],
    ['list', { command: 'list' }],
    ['--help', { command: 'help' }],
    ['export-mosquitto --passwords p --acl a', { command: 'export-mosquitto', passwordsFile: 'p', aclFile: 'a' }],
  ])('%s', (argv, command) => {
    expect(parseDeviceOptions(argv.split(' ')).command).toEqual(command);
  });

  it('takes --registry with any command', () => {
    expect(parseDeviceOptions(['list', '--registry', '/x.json']).registry).toBe('/x.json');
  });

  it.each([
    ['add d1', /--role/],
    ['add d1 --role root', /--role/],
    ['add c1 --role controller --owns d1', /gateways/],
    ['add', /NAME/],
    ['rotate', /NAME/],
    ['rotate a b', /NAME/],
    ['list --role detector', /takes no/],
    ['export-mosquitto --acl a', /--passwords/],
    ['nuke d1', /unknown command/],
    ['add d1 --role detector --bogus', /Unknown option/],
  ])('refuses %s', (argv, message) => {
    expect(() => parseDeviceOptions(argv.split(' '))).toThrow(message);
  });
});
