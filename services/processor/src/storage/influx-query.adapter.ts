/** InfluxQL over the v1 HTTP API (`/query`, `/ping`): InfluxDB 1.x, and the compatibility endpoints of 2.x/3.x. */
import { authHeaders, type InfluxAuth } from './influx-auth';

export interface InfluxQueryAdapterOptions {
  url: string;
  auth: InfluxAuth;
  timeoutMs?: number;
}

export interface InfluxSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

/** The server answered with an error (bad statement, unsupported on this server, …): retrying will not help. */
export class InfluxQueryError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'InfluxQueryError';
  }
}

/** The server could not be reached or answered 5xx. */
export class InfluxUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InfluxUnavailableError';
  }
}

interface QueryResponse {
  error?: string;
  results?: Array<{ statement_id?: number; error?: string; series?: InfluxSeries[] }>;
}

export class InfluxQueryAdapter {
  private readonly base: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly options: InfluxQueryAdapterOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.headers = authHeaders(options.auth);
  }

  /** Server version from `/ping` (`X-Influxdb-Version`), e.g. "1.6.7~rc0" or "v2.7.11". */
  async ping(): Promise<string> {
    const res = await this.request(`${this.base}/ping`, { method: 'GET' });
    if (res.status !== 204 && res.status !== 200) throw new InfluxUnavailableError(`/ping answered ${res.status}`);
    return res.headers.get('x-influxdb-version') ?? 'unknown';
  }

  /** Runs a read (GET, epoch=ms) and returns the series of each statement. */
  async select(db: string, q: string): Promise<InfluxSeries[][]> {
    const params = new URLSearchParams({ db, q, epoch: 'ms' });
    return this.run(`${this.base}/query?${params.toString()}`, { method: 'GET' });
  }

  /** Runs statements that change the schema (POST, as 1.x requires). */
  async command(q: string, db?: string): Promise<InfluxSeries[][]> {
    const params = new URLSearchParams({ q });
    if (db) params.set('db', db);
    return this.run(`${this.base}/query`, { method: 'POST', body: params });
  }

  private async run(url: string, init: RequestInit): Promise<InfluxSeries[][]> {
    const res = await this.request(url, init);
    const text = await res.text();
    if (res.status >= 500) throw new InfluxUnavailableError(`InfluxDB answered ${res.status}: ${text.slice(0, 300)}`);
    let body: QueryResponse;
    try {
      body = JSON.parse(text) as QueryResponse;
    } catch {
      throw new InfluxQueryError(`InfluxDB answered ${res.status} with non-JSON: ${text.slice(0, 300)}`, res.status);
    }
    if (!res.ok || body.error) throw new InfluxQueryError(body.error ?? `InfluxDB answered ${res.status}`, res.status);
    return (body.results ?? []).map((result) => {
      if (result.error) throw new InfluxQueryError(result.error, res.status);
      // InfluxDB leaves out `values` for an empty series (e.g. SHOW DATABASES on a fresh server).
      return (result.series ?? []).map((series) => ({ ...series, columns: series.columns ?? [], values: series.values ?? [] }));
    });
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, headers: { ...this.headers }, signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000) });
    } catch (error) {
      throw new InfluxUnavailableError(`InfluxDB unreachable at ${this.base}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
}

/** Quotes an InfluxQL identifier. */
export function ident(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Quotes an InfluxQL string literal. */
export function literal(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
