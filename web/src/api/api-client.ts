/** Thin typed wrappers around the processor's REST endpoints (same origin, under /api). */
import type { ApiError as ApiErrorBody, DetectorSeries, HealthReport, IntersectionDetail, NetworkModel } from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The server's own words when its error body is the contract's, else the status alone. */
async function failure(path: string, response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as Partial<ApiErrorBody> | null;
  const detail = typeof body?.message === 'string' ? `: ${body.message}` : '';
  return new ApiError(response.status, `GET ${path} answered HTTP ${response.status}${detail}`);
}

// The casts below trust the server: it answers from the same contract types, and its route test checks every answer.
async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { signal, headers: { accept: 'application/json' } });
  if (!response.ok) throw await failure(path, response);
  return (await response.json()) as T;
}

export function fetchNetwork(signal?: AbortSignal): Promise<NetworkModel> {
  return getJson<NetworkModel>('/api/network', signal);
}

export function fetchIntersection(id: string, signal?: AbortSignal): Promise<IntersectionDetail> {
  return getJson<IntersectionDetail>(`/api/intersections/${encodeURIComponent(id)}`, signal);
}

export interface SeriesRange {
  fromMs: number;
  toMs: number;
  stepS: number;
}

export function fetchDetectorSeries(id: string, range: SeriesRange, signal?: AbortSignal): Promise<DetectorSeries> {
  const query = new URLSearchParams({ from: String(Math.floor(range.fromMs)), to: String(Math.floor(range.toMs)), step: String(range.stepS) });
  return getJson<DetectorSeries>(`/api/detectors/${encodeURIComponent(id)}/series?${query.toString()}`, signal);
}

/** A degraded processor may answer 503 with the same report; that is a result to show, not a failure. */
export async function fetchHealth(signal?: AbortSignal): Promise<HealthReport> {
  const response = await fetch('/api/health', { signal, headers: { accept: 'application/json' } });
  if (!response.ok && response.status !== 503) throw await failure('/api/health', response);
  return (await response.json()) as HealthReport;
}

/** True for the rejection a fetch gets when its AbortController fires (an effect cleaning up), which is not an error. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
