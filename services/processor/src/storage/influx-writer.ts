/** The write transport port: one batch of line protocol in, one classified outcome out. Writers never throw. */

export type WriteOutcome =
  | { ok: true }
  /** permanent: retrying the same batch cannot succeed (bad data); otherwise retry later. */
  | { ok: false; permanent: boolean; status?: number; message: string };

export interface InfluxWriter {
  /** Writes newline-separated lines (ms precision). Resolves with the outcome; never rejects. */
  write(lines: readonly string[], signal?: AbortSignal): Promise<WriteOutcome>;
  close(): Promise<void>;
}

/**
 * Classifies an HTTP answer to a write.
 * - 2xx: written.
 * - 400/413/422 and other 4xx (bad data: "partial write", "field type conflict", "unable to parse",
 *   "points beyond retention policy"): permanent. On 1.x a partial write has stored the valid points
 *   already; a rewrite of the batch would fail the same way forever.
 * - 401/403 (credentials), 404 (database not created yet), 408, 429 and 5xx: transient. Credentials and a
 *   missing database are configuration the operator fixes while the data waits in the spool.
 */
export function classifyHttpStatus(status: number, body: string): WriteOutcome {
  if (status >= 200 && status < 300) return { ok: true };
  const message = `HTTP ${status}: ${body.slice(0, 500)}`;
  const transient = status === 401 || status === 403 || status === 404 || status === 408 || status === 429 || status >= 500;
  return { ok: false, permanent: !transient, status, message };
}

export function networkFailure(error: unknown): WriteOutcome {
  const message = error instanceof Error ? `${error.name}: ${error.message}${causeOf(error)}` : String(error);
  return { ok: false, permanent: false, message };
}

function causeOf(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? ` (${cause.message})` : '';
}
