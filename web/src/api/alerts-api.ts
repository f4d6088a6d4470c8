/** REST of the alert list and its acknowledgement (docs/alerts.md). */
import { getJson, postJson } from './api-client';
import type { AcknowledgeRequest, Alert, AlertList } from './types';

/** Open alerts plus those with a lifecycle step in the last 24 h (the server's default range). */
export function fetchAlerts(signal?: AbortSignal, limit = 500): Promise<AlertList> {
  return getJson<AlertList>(`/api/alerts?limit=${limit}`, signal);
}

export function acknowledgeAlert(id: string, request: AcknowledgeRequest): Promise<Alert> {
  return postJson<Alert>(`/api/alerts/${encodeURIComponent(id)}/acknowledge`, request);
}
