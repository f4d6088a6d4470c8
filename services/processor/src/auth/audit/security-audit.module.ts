import { Module } from '@nestjs/common';
import { RegistryWatchService } from './registry-watch.service';
import { SecurityAuditService } from './security-audit.service';

/** The security audit log and the watch on the device and user files (the store, clock and config are global). */
@Module({
  providers: [SecurityAuditService, RegistryWatchService],
  exports: [SecurityAuditService, RegistryWatchService],
})
export class SecurityAuditModule {}
