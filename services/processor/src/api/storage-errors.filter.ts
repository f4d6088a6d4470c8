/** Translates storage domain errors into HTTP answers with clear messages. */
import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { InvalidRangeError, StorageQueryError, StorageUnavailableError } from '../storage/storage.errors';

/** The slice of Express' response this filter uses (keeps @types/express out of the build). */
interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

const STATUS = new Map<string, number>([
  [InvalidRangeError.name, 400],
  [StorageUnavailableError.name, 503],
  [StorageQueryError.name, 500],
]);

@Catch(InvalidRangeError, StorageUnavailableError, StorageQueryError)
export class StorageErrorsFilter implements ExceptionFilter {
  catch(error: Error, host: ArgumentsHost): void {
    const status = STATUS.get(error.name) ?? 500;
    host.switchToHttp().getResponse<JsonResponse>().status(status).json({ statusCode: status, error: error.name, message: error.message });
  }
}
