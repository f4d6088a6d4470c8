/**
 * Notices changes to the device registry and the users file made outside the processor (by the CLIs), and records
 * each as a security audit entry: devices added, rotated, revoked; users added, disabled, their role or password
 * changed. Checked once a second through the same file readers the broker and the sign-in use (a stat; for the
 * users file also its text while the file is recent, see user-registry.file.ts). Changes made while the processor
 * was stopped are not seen (the first reading is the baseline).
 */
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PROCESSOR_CONFIG, type ProcessorConfig } from '../../config/processor-config';
import { DeviceRegistryFile } from '../devices/device-registry.file';
import type { RegistryDocument } from '../devices/device-registry';
import { UserRegistryFile } from '../operators/user-registry.file';
import type { UserDocument } from '../operators/user-registry';
import { deviceRegistryChanges, userRegistryChanges, type RegistryChange } from './registry-changes';
import { SecurityAuditService } from './security-audit.service';

/** Who made a change seen in a file: someone with write access to it, through the CLI or an editor. */
export const FILE_ACTOR = 'registry-file';
const POLL_MS = 1000;

@Injectable()
export class RegistryWatchService implements OnModuleDestroy {
  private readonly devices: DeviceRegistryFile;
  private readonly users: UserRegistryFile;
  private lastDevices: RegistryDocument | undefined;
  private lastUsers: UserDocument | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(PROCESSOR_CONFIG) config: ProcessorConfig,
    private readonly audit: SecurityAuditService,
  ) {
    this.devices = new DeviceRegistryFile(config.mqttAccess.registryFile);
    this.users = new UserRegistryFile(config.operatorAccess.userRegistryFile);
  }

  /** Takes the baseline and starts watching. */
  start(): void {
    if (this.timer) return;
    this.lastDevices = this.devices.current();
    this.lastUsers = this.users.current();
    this.timer = setInterval(() => this.check(), POLL_MS);
    this.timer.unref();
  }

  /** Compares the files with the last reading and records what changed. */
  check(): void {
    if (!this.lastDevices || !this.lastUsers) return;
    const devices = this.devices.current();
    if (devices !== this.lastDevices) {
      this.recordAll(deviceRegistryChanges(this.lastDevices, devices));
      this.lastDevices = devices;
    }
    const users = this.users.current();
    if (users !== this.lastUsers) {
      this.recordAll(userRegistryChanges(this.lastUsers, users));
      this.lastUsers = users;
    }
  }

  /** A change the processor made itself and audited with its actor: not to be recorded again as a file change. */
  usersWritten(): void {
    if (this.lastUsers) this.lastUsers = this.users.current();
  }

  private recordAll(changes: RegistryChange[]): void {
    for (const change of changes) this.audit.record({ actor: FILE_ACTOR, outcome: 'success', ...change });
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
