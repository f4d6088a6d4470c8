/** Typed domain errors of the storage capability; the REST layer maps them to HTTP answers. */

/** The requested range or step is invalid (→ 400). */
export class InvalidRangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRangeError';
  }
}

/** The database could not be reached for a query (→ 503). Writes never throw: they are spooled. */
export class StorageUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageUnavailableError';
  }
}

/** The database refused a query (→ 500; a bug or a schema the store did not create). */
export class StorageQueryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageQueryError';
  }
}
