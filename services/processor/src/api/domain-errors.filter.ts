/** Translates the typed domain errors of storage and control into HTTP answers with clear messages. */
import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ApiError } from '@arterial/contracts/api/v1';
import { NotJunctionOwnerError } from '../cluster/cluster.errors';
import { InvalidPlanError, UnknownIntersectionError, UnsafePlanError } from '../control/control.errors';
import { InvalidRangeError, StorageQueryError, StorageUnavailableError } from '../storage/storage.errors';

/** The slice of Express' response this filter uses (keeps @types/express out of the build). */
interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

const STATUS = new Map<string, number>([
  [InvalidRangeError.name, 400],
  [InvalidPlanError.name, 400],
  [UnknownIntersectionError.name, 404],
  [UnsafePlanError.name, 422],
  [NotJunctionOwnerError.name, 409],
  [StorageUnavailableError.name, 503],
  [StorageQueryError.name, 500],
]);

@Catch(InvalidRangeError, StorageUnavailableError, StorageQueryError, InvalidPlanError, UnknownIntersectionError, UnsafePlanError, NotJunctionOwnerError)
export class DomainErrorsFilter implements ExceptionFilter {
  catch(error: Error, host: ArgumentsHost): void {
    const status = STATUS.get(error.name) ?? 500;
    const body: ApiError = { statusCode: status, error: error.name, message: error.message, ...(error instanceof UnsafePlanError ? { violations: error.violations } : {}) };
    host.switchToHttp().getResponse<JsonResponse>().status(status).json(body);
  }
}
