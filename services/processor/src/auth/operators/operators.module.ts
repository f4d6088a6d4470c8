import { Module } from '@nestjs/common';
import { SecurityAuditModule } from '../audit/security-audit.module';
import { OperatorAuthService } from './operator-auth.service';

/** Operator sign-in and token checks, with the security audit they write to. */
@Module({
  imports: [SecurityAuditModule],
  providers: [OperatorAuthService],
  exports: [OperatorAuthService, SecurityAuditModule],
})
export class OperatorsModule {}
