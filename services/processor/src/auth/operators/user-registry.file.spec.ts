import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ScryptHash } from '../devices/device-secret.hashing';
import { addUser, EMPTY_USERS, setRole, type UserDocument } from './user-registry';
import { UserRegistryFile } from './user-registry.file';

const hash: ScryptHash = { algorithm: 'scrypt', N: 16, r: 1, p: 1, salt: 's', hash: 'h' };

describe(UserRegistryFile.name, () => {
  let dir: string;
  let file: string;
  let wallMs: number;
  let sut: UserRegistryFile;
  const viewer = addUser(EMPTY_USERS, { name: 'vera', role: 'viewer' }, hash, 1000);
  const admin = setRole(viewer, 'vera', 'admin', 1000);
  // Two roles of one length: the file keeps its size.
  const operator = setRole(viewer, 'vera', 'operator', 1000);
  const engineer = setRole(viewer, 'vera', 'engineer', 1000);

  /** Rewrites the file in place (same inode) with a pinned mtime: what a stat sees of two writes in one tick. */
  const rewriteUnseen = (doc: UserDocument) => {
    const tick = new Date(wallMs);
    fs.utimesSync(file, tick, tick);
    const before = fs.statSync(file);
    expect(sut.current().users[0]?.role).toBe('operator');
    fs.writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
    fs.utimesSync(file, tick, tick);
    const after = fs.statSync(file);
    expect([after.ino, after.size, after.mtimeMs]).toEqual([before.ino, before.size, before.mtimeMs]);
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-users-file-'));
    file = path.join(dir, 'users.json');
    wallMs = Date.now();
    sut = new UserRegistryFile(file, () => wallMs);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a 0600 file atomically and reads it back; a missing file holds nobody', () => {
    expect(sut.current()).toEqual(EMPTY_USERS);
    sut.write(viewer);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['users.json']);
    expect(sut.current()).toEqual(viewer);
    fs.rmSync(file);
    expect(sut.current()).toEqual(EMPTY_USERS);
  });

  it('sees a change a stat cannot see while the file is recent (same inode, size and mtime)', () => {
    sut.write(operator);
    expect(sut.current().users[0]?.role).toBe('operator');
    rewriteUnseen(engineer);
    expect(sut.current().users[0]?.role).toBe('engineer');
  });

  it('keeps one document object while the content is unchanged, and trusts the stat once the file has settled', () => {
    sut.write(viewer);
    const first = sut.current();
    expect(sut.current()).toBe(first);
    wallMs += 5000;
    expect(sut.current()).toBe(first);
    expect(sut.current()).toBe(first);
    sut.write(admin);
    expect(sut.current().users[0]?.role).toBe('admin');
  });

  it('keeps the last good document when the file turns unreadable, and says why', () => {
    sut.write(viewer);
    expect(sut.current()).toEqual(viewer);
    fs.writeFileSync(file, '{"version":1,"users":[{"name":"x","role":"root"}]}');
    expect(sut.current()).toEqual(viewer);
    expect(sut.lastError).toMatch(/unknown role/);
  });
});
