/** Sign-in refusals, translated to HTTP by the auth controller. */

/** Unknown user, wrong password or disabled user: one error, so the answer does not tell which. */
export class InvalidCredentialsError extends Error {
  override readonly name = 'InvalidCredentialsError';
  constructor() {
    super('wrong user name or password');
  }
}

export class LoginThrottledError extends Error {
  override readonly name = 'LoginThrottledError';
  constructor(readonly retryAfterS: number) {
    super(`too many failed sign-ins; try again in ${retryAfterS} s`);
  }
}

/** Refresh of a token this centre did not issue (OIDC: the provider refreshes) or of no token (anonymous mode). */
export class NotRefreshableError extends Error {
  override readonly name = 'NotRefreshableError';
}
