/** Typed domain errors of the alerts capability; the REST layer maps them to HTTP answers. */

/** No alert with this id is open or known (→ 404). */
export class AlertNotFoundError extends Error {
  constructor(readonly alertId: string) {
    super(`alert ${JSON.stringify(alertId)} is not known`);
    this.name = 'AlertNotFoundError';
  }
}

/** The alert is no longer open, so acknowledging it means nothing (→ 409). */
export class AlertNotOpenError extends Error {
  constructor(
    readonly alertId: string,
    detail: string,
  ) {
    super(`alert ${JSON.stringify(alertId)} ${detail}`);
    this.name = 'AlertNotOpenError';
  }
}
