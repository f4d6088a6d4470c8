/**
 * The registry on disk (DEVICE_REGISTRY_FILE, default data/devices.json), written atomically and read again whenever
 * it changed, so `npm run device -- revoke` takes effect at the next CONNECT without a restart (WatchedJsonFile).
 */
import { WatchedJsonFile } from '../watched-json-file';
import { EMPTY_REGISTRY, parseRegistry, type RegistryDocument } from './device-registry';

export class DeviceRegistryFile extends WatchedJsonFile<RegistryDocument> {
  constructor(file: string, wallClockMs?: () => number) {
    super(file, parseRegistry, EMPTY_REGISTRY, wallClockMs);
  }
}
