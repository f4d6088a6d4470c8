/** `POST /api/intersections/{id}/overrides`, keeping the server's refusal (status, words, violated rules) for the operator. */
import type { ApiError as ApiErrorBody, Override, OverrideRequest } from '@arterial/contracts/api/v1';
import type { PlanViolation } from '@arterial/contracts/network';
import { apiFetch } from '../api/api-client';

export class OverrideRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly violations: readonly PlanViolation[],
  ) {
    super(message);
    this.name = 'OverrideRefused';
  }
}

export async function postOverride(intersectionId: string, request: OverrideRequest): Promise<Override> {
  const response = await apiFetch(`/api/intersections/${encodeURIComponent(intersectionId)}/overrides`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (response.ok) return (await response.json()) as Override;
  const body = (await response.json().catch(() => null)) as Partial<ApiErrorBody> | null;
  throw new OverrideRefused(response.status, typeof body?.message === 'string' ? body.message : `HTTP ${response.status}`, body?.violations ?? []);
}
