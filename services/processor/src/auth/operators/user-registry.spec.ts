import type { ScryptHash } from '../devices/device-secret.hashing';
import { activeUser, addUser, disableUser, EMPTY_USERS, listUsers, parseUsers, setPassword, setRole, UnknownUserError, UserExistsError, UserRegistryError } from './user-registry';

const hash = (h: string): ScryptHash => ({ algorithm: 'scrypt', N: 16, r: 1, p: 1, salt: 's', hash: h });

describe('user registry', () => {
  const one = addUser(EMPTY_USERS, { name: 'vera', role: 'viewer' }, hash('a'), 1000);

  it('adds a user once, and brings a disabled one back under the same name', () => {
    expect(activeUser(one, 'vera')).toMatchObject({ name: 'vera', role: 'viewer', createdAt: 1000, disabledAt: null });
    expect(() => addUser(one, { name: 'vera', role: 'admin' }, hash('b'), 2000)).toThrow(UserExistsError);
    const back = addUser(disableUser(one, 'vera', 2000), { name: 'vera', role: 'operator' }, hash('c'), 3000);
    expect(back.users).toHaveLength(1);
    expect(activeUser(back, 'vera')).toMatchObject({ role: 'operator', password: hash('c'), disabledAt: null });
  });

  it('refuses names outside the pattern', () => {
    for (const name of ['', 'has space', 'a/b', 'x'.repeat(200)]) expect(() => addUser(EMPTY_USERS, { name, role: 'viewer' }, hash('a'), 0)).toThrow(UserRegistryError);
  });

  it('disabling drops the password, keeps the entry and stops sign-in; a disabled user gets no new password', () => {
    const disabled = disableUser(one, 'vera', 5000);
    expect(disabled.users[0]).toMatchObject({ name: 'vera', password: null, disabledAt: 5000, updatedAt: 5000 });
    expect(activeUser(disabled, 'vera')).toBeUndefined();
    expect(disableUser(disabled, 'vera', 9000)).toEqual(disabled);
    expect(() => setPassword(disabled, 'vera', hash('x'), 6000)).toThrow(/disabled/);
  });

  it('changes role and password, and refuses unknown names', () => {
    const promoted = setRole(one, 'vera', 'engineer', 2000);
    expect(activeUser(promoted, 'vera')).toMatchObject({ role: 'engineer', updatedAt: 2000 });
    expect(setRole(promoted, 'vera', 'engineer', 3000)).toEqual(promoted);
    expect(activeUser(setPassword(one, 'vera', hash('new'), 2000), 'vera')?.password).toEqual(hash('new'));
    expect(() => setRole(one, 'nobody', 'admin', 0)).toThrow(UnknownUserError);
    expect(() => disableUser(one, 'nobody', 0)).toThrow(UnknownUserError);
  });

  it('lists users without any hash', () => {
    expect(listUsers(one)).toEqual([{ name: 'vera', role: 'viewer', createdAt: 1000, updatedAt: 1000, disabledAt: null }]);
  });

  it('parses its own output and fails loudly on a hand-edited file it cannot trust', () => {
    expect(parseUsers(JSON.stringify(one))).toEqual(one);
    expect(() => parseUsers('{"version":2,"users":[]}')).toThrow(UserRegistryError);
    expect(() => parseUsers(JSON.stringify({ version: 1, users: [{ ...one.users[0], role: 'root' }] }))).toThrow(/unknown role/);
    expect(() => parseUsers(JSON.stringify({ version: 1, users: [{ ...one.users[0], password: { algorithm: 'md5' } }] }))).toThrow(/scrypt/);
    expect(() => parseUsers('not json')).toThrow();
  });
});
