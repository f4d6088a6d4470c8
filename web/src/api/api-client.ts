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
async function failure(method: string, path: string, response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as Partial<ApiErrorBody> | null;
  const detail = typeof body?.message === 'string' ? `: ${body.message}` : '';
  return new ApiError(response.status, `${method} ${path} answered HTTP ${response.status}${detail}`);
}

let accessTokenProvider: () => string | null = () => null;
let unauthorizedHandler: () => void = () => undefined;

/** The auth layer tells the client where the current token lives (sessionStorage); null means "send none". */
export function setAccessTokenProvider(provider: () => string | null): void {
  accessTokenProvider = provider;
}

/** Called on every 401 so the auth layer can drop the token and show the login again. */
export function setUnauthorizedHandler(handler: () => void): void {
  unauthorizedHandler = handler;
}

/** Every request to /api goes through here: adds the Bearer token when there is one and reports a 401. */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  const token = accessTokenProvider();
  if (token) headers.set('authorization', `Bearer ${token}`);
  const response = await fetch(path, { ...init, headers });
  if (response.status === 401) unauthorizedHandler();
  return response;
}

// The casts below trust the server: it answers from the same contract types, and its route test checks every answer.
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await apiFetch(path, { signal });
  if (!response.ok) throw await failure('GET', path, response);
  return (await response.json()) as T;
}

export async function postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const response = await apiFetch(path, { method: 'POST', signal, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (!response.ok) throw await failure('POST', path, response);
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
  const response = await apiFetch('/api/health', { signal });
  if (!response.ok && response.status !== 503) throw await failure('GET', '/api/health', response);
  return (await response.json()) as HealthReport;
}

/** True for the rejection a fetch gets when its AbortController fires (an effect cleaning up), which is not an error. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
