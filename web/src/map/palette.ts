/**
 * Colours shared by map layers and the legend, so the two cannot drift apart. Tuned for a dark background and
 * colour-blind safe: congestion runs along one ordered scale (plasma, light yellow to dark magenta, lightness
 * falling with congestion, readable without hue), categories use Okabe-Ito.
 */
import type { CongestionLevel, DetectorStatus, IntersectionStatus } from '../live/live-status';

export const MAP_BACKGROUND = '#0b1220';

/** Five steps from free flow to seriously congested (plasma, trimmed at the dark end to stay visible on navy). */
export const CONGESTION_SCALE = ['#f0f921', '#fdb42f', '#ed7953', '#cc4778', '#9c179e'] as const;
export const NO_DATA_COLOR = '#64748b';

export const CONGESTION_COLORS: Record<CongestionLevel, string> = {
  free: CONGESTION_SCALE[0],
  moderate: CONGESTION_SCALE[2],
  heavy: CONGESTION_SCALE[4],
  unknown: NO_DATA_COLOR,
};

/** Okabe-Ito hues for controller modes; offline and off are dark so they read as "not running". */
export const INTERSECTION_COLORS: Record<IntersectionStatus, string> = {
  adaptive: '#56b4e9',
  fixed: '#0072b2',
  manual: '#cc79a7',
  flash: '#e69f00',
  off: '#334155',
  offline: '#1e293b',
  unknown: NO_DATA_COLOR,
};

export const DETECTOR_COLORS: Record<DetectorStatus, string> = {
  ok: '#cbd5e1',
  degraded: '#e69f00',
  failed: '#d55e00',
  stale: '#475569',
  unknown: '#475569',
};

/** Colour of the current green phase in an intersection's centre dot, by phase number (Okabe-Ito, cycling). */
export const PHASE_COLORS = ['#009e73', '#56b4e9', '#f0e442', '#cc79a7', '#e69f00', '#0072b2', '#d55e00', '#ffffff'] as const;
/** Centre dot while no phase is green (yellow or all-red change interval). */
export const CHANGE_INTERVAL_COLOR = '#0b1220';

export const FAULT_STROKE = '#d55e00';
export const SELECTED_STROKE = '#ffffff';
export const LABEL_COLOR = '#e2e8f0';
export const LABEL_HALO = '#0b1220';
