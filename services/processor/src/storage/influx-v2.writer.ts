/** Writes over the v2 API (`/api/v2/write`, org + bucket + token) through @influxdata/influxdb-client. */
import { HttpError, InfluxDB, type WriteApi } from '@influxdata/influxdb-client';
import { classifyHttpStatus, networkFailure, type InfluxWriter, type WriteOutcome } from './influx-writer';

export interface InfluxV2WriterOptions {
  url: string;
  token: string;
  org: string;
  bucket: string;
  timeoutMs?: number;
  /** Largest request; longer batches are sent in several requests, in order. */
  maxBatchLines?: number;
}

export class InfluxV2Writer implements InfluxWriter {
  private api: WriteApi | undefined;

  constructor(private readonly options: InfluxV2WriterOptions) {}

  async write(lines: readonly string[], signal?: AbortSignal): Promise<WriteOutcome> {
    if (signal?.aborted) return { ok: false, permanent: false, message: 'aborted' };
    const api = this.writeApi();
    const chunk = this.maxBatchLines();
    try {
      for (let i = 0; i < lines.length; i += chunk) {
        api.writeRecords(lines.slice(i, i + chunk));
        await api.flush();
      }
      return { ok: true };
    } catch (error) {
      if (error instanceof HttpError) return classifyHttpStatus(error.statusCode, error.body ?? error.message);
      return networkFailure(error);
    }
  }

  async close(): Promise<void> {
    const api = this.api;
    this.api = undefined;
    await api?.close().catch(() => undefined);
  }

  private maxBatchLines(): number {
    return this.options.maxBatchLines ?? 10_000;
  }

  private writeApi(): WriteApi {
    if (!this.api) {
      const client = new InfluxDB({ url: this.options.url, token: this.options.token, timeout: this.options.timeoutMs ?? 10_000 });
      // Batching, retries and spooling are ours (WriteBatcher): the client sends exactly what it is given, once.
      this.api = client.getWriteApi(this.options.org, this.options.bucket, 'ms', {
        // The client preallocates batchSize slots; one more than we ever hand it means it never sends on its own.
        batchSize: this.maxBatchLines() + 1,
        maxBatchBytes: Number.MAX_SAFE_INTEGER,
        flushInterval: 0,
        maxRetries: 0,
        maxBufferLines: 0,
        writeFailed: (error: Error) => Promise.reject(error),
      });
    }
    return this.api;
  }
}
