/** Credentials for the HTTP APIs: a token (2.x/3.x, or `user:password` on 1.8+) or 1.x basic auth. */
export interface InfluxAuth {
  token?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
}

export function authHeaders(auth: InfluxAuth): Record<string, string> {
  if (auth.token) return { authorization: `Token ${auth.token}` };
  if (auth.username) return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password ?? ''}`).toString('base64')}` };
  return {};
}
