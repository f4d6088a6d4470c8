import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { activeUser } from './user-registry';
import { UserRegistryFile } from './user-registry.file';
import { verifyPassword } from './password-hashing';
import { runUserCommand } from './user.commands';
import { parseUserOptions } from './user.options';

/** Cheap scrypt: these specs check what is stored, not the work factor. */
const FAST_SCRYPT = { N: 1 << 4, r: 1, p: 1 };

describe('npm run user', () => {
  let dir: string;
  let registryFile: string;
  const run = (argv: string, passwordFromStdin?: string) =>
    runUserCommand(parseUserOptions(argv.split(' ')).command, { registryFile, nowMs: 7000, scrypt: FAST_SCRYPT, ...(passwordFromStdin !== undefined ? { passwordFromStdin } : {}) });
  const lastJson = (lines: string[]) => JSON.parse(lines[lines.length - 1] ?? '') as Record<string, unknown>;
  const stored = (name: string) => activeUser(new UserRegistryFile(registryFile).read(), name);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-user-cli-'));
    registryFile = path.join(dir, 'users.json');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('add prints a generated password once, as JSON on the last line, and stores only its hash in a 0600 file', async () => {
    const credentials = lastJson(run('add alice --role operator'));
    expect(credentials).toEqual({ username: 'alice', password: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(fs.readFileSync(registryFile, 'utf8')).not.toContain(credentials.password as string);
    expect(fs.statSync(registryFile).mode & 0o777).toBe(0o600);
    await expect(verifyPassword(credentials.password as string, stored('alice')!.password!)).resolves.toBe(true);
    expect(() => run('add alice --role viewer')).toThrow(/exists/);
  });

  it('add and passwd take a password from stdin, checked against the policy, and print no password', async () => {
    expect(run('add bob --role viewer --password-stdin', 'correct-horse-battery')).toEqual([JSON.stringify({ added: 'bob', role: 'viewer' })]);
    await expect(verifyPassword('correct-horse-battery', stored('bob')!.password!)).resolves.toBe(true);
    expect(() => run('passwd bob --password-stdin', 'short')).toThrow(/at least 12/);
    expect(() => run('passwd bob --password-stdin')).toThrow(/nothing on stdin/);
    const generated = lastJson(run('passwd bob'));
    await expect(verifyPassword(generated.password as string, stored('bob')!.password!)).resolves.toBe(true);
    await expect(verifyPassword('correct-horse-battery', stored('bob')!.password!)).resolves.toBe(false);
  });

  it('set-role and disable change the file; list never shows hashes', () => {
    run('add carol --role viewer');
    expect(lastJson(run('set-role carol admin'))).toEqual({ user: 'carol', role: 'admin' });
    expect(stored('carol')?.role).toBe('admin');
    expect(lastJson(run('disable carol'))).toEqual({ disabled: 'carol' });
    expect(stored('carol')).toBeUndefined();
    const list = run('list');
    expect(JSON.parse(list[0] ?? '')).toEqual([{ name: 'carol', role: 'admin', createdAt: 7000, updatedAt: 7000, disabledAt: 7000 }]);
    expect(list.join('')).not.toMatch(/hash|salt|password/i);
    expect(() => run('set-role nobody viewer')).toThrow(/no user named/);
  });
});

describe(parseUserOptions.name, () => {
  it('parses each command', () => {
    expect(parseUserOptions(['add', 'a', '--role', 'engineer', '--registry', '/tmp/u.json'])).toEqual({ registry: '/tmp/u.json', command: { command: 'add', name: 'a', role: 'engineer', passwordStdin: false } });
    expect(parseUserOptions(['passwd', 'a', '--password-stdin']).command).toEqual({ command: 'passwd', name: 'a', passwordStdin: true });
    expect(parseUserOptions(['set-role', 'a', 'viewer']).command).toEqual({ command: 'set-role', name: 'a', role: 'viewer' });
    expect(parseUserOptions(['disable', 'a']).command).toEqual({ command: 'disable', name: 'a' });
    expect(parseUserOptions(['list']).command).toEqual({ command: 'list' });
    expect(parseUserOptions([]).command).toEqual({ command: 'help' });
    expect(parseUserOptions(['add', 'a', '--help']).command).toEqual({ command: 'help' });
  });

  it('refuses unknown commands and roles, missing or extra arguments, and options a command does not take', () => {
    expect(() => parseUserOptions(['remove', 'a'])).toThrow(/unknown command/);
    expect(() => parseUserOptions(['add', 'a', '--role', 'root'])).toThrow(/role must be one of/);
    expect(() => parseUserOptions(['add', 'a'])).toThrow(/role must be one of/);
    expect(() => parseUserOptions(['set-role', 'a'])).toThrow(/wrong number of arguments/);
    expect(() => parseUserOptions(['set-role', 'a', 'root'])).toThrow(/role must be one of/);
    expect(() => parseUserOptions(['disable', 'a', 'b'])).toThrow(/wrong number of arguments/);
    expect(() => parseUserOptions(['disable', 'a', '--role', 'admin'])).toThrow(/takes no --role/);
    expect(() => parseUserOptions(['list', 'extra'])).toThrow(/no arguments/);
    expect(() => parseUserOptions(['list', '--bogus'])).toThrow();
  });
});
