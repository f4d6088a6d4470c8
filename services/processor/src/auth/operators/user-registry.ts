/**
 * The local users who may sign in: name, role, password hash, state. Pure operations over one JSON document, like the
 * device registry; user-registry.file.ts keeps it on disk. Passwords never appear here in clear.
 */
import { isOperatorRole, USER_NAME_PATTERN, type OperatorRole, type UserSummary } from '@arterial/contracts/api/v1';
import type { ScryptHash } from '../devices/device-secret.hashing';

export interface UserEntry {
  name: string;
  role: OperatorRole;
  /** Null once disabled. */
  password: ScryptHash | null;
  createdAt: number;
  updatedAt: number;
  disabledAt: number | null;
}

export interface UserDocument {
  version: 1;
  users: UserEntry[];
}

export const EMPTY_USERS: UserDocument = { version: 1, users: [] };

export class UserRegistryError extends Error {}
export class UnknownUserError extends UserRegistryError {}
export class UserExistsError extends UserRegistryError {}

const NAME_RE = new RegExp(USER_NAME_PATTERN);

function checkName(name: string): void {
  if (!NAME_RE.test(name)) throw new UserRegistryError(`user name ${JSON.stringify(name)} must match ${USER_NAME_PATTERN}`);
}

export function findUser(doc: UserDocument, name: string): UserEntry | undefined {
  return doc.users.find((u) => u.name === name);
}

/** A user who may sign in: known, not disabled, with a password. */
export function activeUser(doc: UserDocument, name: string): UserEntry | undefined {
  const user = findUser(doc, name);
  return user && user.disabledAt === null && user.password ? user : undefined;
}

/** Adds a user, or brings back a disabled one under the same name; an active name is refused. */
export function addUser(doc: UserDocument, spec: { name: string; role: OperatorRole }, password: ScryptHash, nowMs: number): UserDocument {
  checkName(spec.name);
  const existing = findUser(doc, spec.name);
  if (existing && existing.disabledAt === null) throw new UserExistsError(`user ${spec.name} exists`);
  const entry: UserEntry = { name: spec.name, role: spec.role, password, createdAt: nowMs, updatedAt: nowMs, disabledAt: null };
  return { version: 1, users: [...doc.users.filter((u) => u.name !== spec.name), entry] };
}

function update(doc: UserDocument, name: string, change: (u: UserEntry) => UserEntry): UserDocument {
  const user = findUser(doc, name);
  if (!user) throw new UnknownUserError(`no user named ${JSON.stringify(name)}`);
  return { version: 1, users: doc.users.map((u) => (u === user ? change(u) : u)) };
}

export function setPassword(doc: UserDocument, name: string, password: ScryptHash, nowMs: number): UserDocument {
  return update(doc, name, (u) => {
    if (u.disabledAt !== null) throw new UserRegistryError(`user ${name} is disabled; add it again instead`);
    return { ...u, password, updatedAt: nowMs };
  });
}

export function setRole(doc: UserDocument, name: string, role: OperatorRole, nowMs: number): UserDocument {
  return update(doc, name, (u) => (u.role === role ? u : { ...u, role, updatedAt: nowMs }));
}

/** Disabled users stay listed (who existed and when it ended), without a password. */
export function disableUser(doc: UserDocument, name: string, nowMs: number): UserDocument {
  return update(doc, name, (u) => (u.disabledAt !== null ? u : { ...u, password: null, updatedAt: nowMs, disabledAt: nowMs }));
}

export function summarise(user: UserEntry): UserSummary {
  return { name: user.name, role: user.role, createdAt: user.createdAt, updatedAt: user.updatedAt, disabledAt: user.disabledAt };
}

export function listUsers(doc: UserDocument): UserSummary[] {
  return doc.users.map(summarise);
}

/** Checks a parsed file; throws with the first problem so a hand-edited file fails loudly, not open. */
export function parseUsers(text: string): UserDocument {
  const raw = JSON.parse(text) as Partial<UserDocument>;
  if (raw.version !== 1 || !Array.isArray(raw.users)) throw new UserRegistryError('user registry: expected {"version":1,"users":[…]}');
  for (const u of raw.users) {
    if (typeof u?.name !== 'string' || !NAME_RE.test(u.name)) throw new UserRegistryError(`user registry: bad name ${JSON.stringify(u?.name)}`);
    if (!isOperatorRole(u.role)) throw new UserRegistryError(`user registry: ${u.name} has unknown role ${JSON.stringify(u.role)}`);
    if (u.password !== null && u.password?.algorithm !== 'scrypt') throw new UserRegistryError(`user registry: ${u.name} has no scrypt password`);
  }
  return raw as UserDocument;
}
