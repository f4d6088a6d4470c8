/** Colours shared by map layers and the legend, so the two cannot drift apart. Tuned for a dark background. */
import type { CongestionLevel, DetectorStatus, IntersectionStatus } from '../live/live-status';

export const MAP_BACKGROUND = '#0b1220';

export const CONGESTION_COLORS: Record<CongestionLevel, string> = {
  free: '#22c55e',
  moderate: '#f59e0b',
  heavy: '#ef4444',
  unknown: '#64748b',
};

export const INTERSECTION_COLORS: Record<IntersectionStatus, string> = {
  adaptive: '#38bdf8',
  fixed: '#818cf8',
  manual: '#e879f9',
  flash: '#facc15',
  off: '#334155',
  offline: '#1e293b',
  unknown: '#64748b',
};

export const DETECTOR_COLORS: Record<DetectorStatus, string> = {
  ok: '#cbd5e1',
  degraded: '#f59e0b',
  failed: '#ef4444',
  stale: '#475569',
  unknown: '#475569',
};

export const FAULT_STROKE = '#ef4444';
export const OFFLINE_STROKE = '#f87171';
export const SELECTED_STROKE = '#ffffff';
