/** Writes over the v1 HTTP API (`POST /write`), served by InfluxDB 1.x and by 2.x/3.x as compatibility endpoint. */
import { classifyHttpStatus, networkFailure, type InfluxWriter, type WriteOutcome } from './influx-writer';
import { authHeaders, type InfluxAuth } from './influx-auth';

export interface InfluxV1HttpWriterOptions {
  url: string;
  db: string;
  /** Retention policy; omitted → the database's default (our `raw`). */
  rp?: string;
  auth: InfluxAuth;
  timeoutMs?: number;
}

export class InfluxV1HttpWriter implements InfluxWriter {
  private readonly endpoint: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly options: InfluxV1HttpWriterOptions) {
    const params = new URLSearchParams({ db: options.db, precision: 'ms' });
    if (options.rp) params.set('rp', options.rp);
    this.endpoint = `${options.url.replace(/\/+$/, '')}/write?${params.toString()}`;
    this.headers = { 'content-type': 'text/plain; charset=utf-8', ...authHeaders(options.auth) };
  }

  async write(lines: readonly string[], signal?: AbortSignal): Promise<WriteOutcome> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 10_000);
    try {
      const res = await fetch(this.endpoint, {
        method: 'POST',
        headers: this.headers,
        body: lines.join('\n'),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      const body = res.status === 204 ? '' : await res.text();
      return classifyHttpStatus(res.status, body);
    } catch (error) {
      return networkFailure(error);
    }
  }

  async close(): Promise<void> {
    // fetch keeps no per-writer state
  }
}
