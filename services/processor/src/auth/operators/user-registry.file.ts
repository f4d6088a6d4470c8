/**
 * The users file (USER_REGISTRY_FILE, default data/users.json), kept like the device registry (WatchedJsonFile):
 * `npm run user -- disable` takes effect at the next request without a restart.
 */
import { WatchedJsonFile } from '../watched-json-file';
import { EMPTY_USERS, parseUsers, type UserDocument } from './user-registry';

export class UserRegistryFile extends WatchedJsonFile<UserDocument> {
  constructor(file: string, wallClockMs?: () => number) {
    super(file, parseUsers, EMPTY_USERS, wallClockMs);
  }
}
