/**
 * What the WebSocket gateway sends to browsers at /ws. The web app imports these types (import type only),
 * so a change here breaks the web build until the UI handles it.
 */
import type { ControllerMode, DetectorHealth, PhaseStatus } from '@arterial/contracts';

export interface DetectorLive {
  id: string;
  /** End of the measurement interval, epoch ms. */
  ts: number;
  intervalS: number;
  volume: number;
  /** Volume scaled to an hourly flow rate. */
  flowVph: number;
  occupancyPct: number;
  speedKph: number | null;
  health: DetectorHealth;
}

export interface IntersectionLive {
  id: string;
  /** Time of the last state message, epoch ms; null until one arrives. */
  ts: number | null;
  mode: ControllerMode | null;
  planId: string | null;
  cycleS: number | null;
  cycleSecond: number | null;
  phases: PhaseStatus[];
  online: boolean | null;
  firmware: string | null;
  faults: string[];
}

export interface IngestCounters {
  accepted: number;
  rejected: number;
  duplicates: number;
}

export type ServerMessage =
  | { type: 'snapshot'; serverTime: number; detectors: DetectorLive[]; intersections: IntersectionLive[]; counters: IngestCounters }
  | { type: 'delta'; serverTime: number; detectors: DetectorLive[]; intersections: IntersectionLive[] }
  | { type: 'counters'; serverTime: number; counters: IngestCounters };

export type ClientMessage = { type: 'ping' };
