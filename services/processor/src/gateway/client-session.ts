/**
 * One browser connection. Deltas merge into a latest-value map while the socket is congested,
 * so a slow client gets the newest state when it catches up, never an ever-growing queue.
 */
import type { DetectorLive, IntersectionLive, ServerMessage } from '@arterial/contracts/live/v1';

export interface SocketLike {
  readonly bufferedAmount: number;
  send(data: string): void;
  /** Drops the connection at once (ws' terminate); the browser reconnects and gets a fresh snapshot. */
  terminate?(): void;
}

/** A client this many high-water marks behind is cut off: messages sent at once (alerts, estimates) are not coalesced, so a stuck client would hold them without bound; a merely congested one still gets them. */
export const DISCONNECT_HIGH_WATER_FACTOR = 16;

export class ClientSession {
  private readonly detectors = new Map<string, DetectorLive>();
  private readonly intersections = new Map<string, IntersectionLive>();

  constructor(
    readonly socket: SocketLike,
    /** Bytes the socket may hold unsent before we stop writing to it. */
    private readonly highWaterBytes: number,
  ) {}

  enqueue(detectors: Iterable<DetectorLive>, intersections: Iterable<IntersectionLive>): void {
    for (const d of detectors) this.detectors.set(d.id, d);
    for (const i of intersections) this.intersections.set(i.id, i);
  }

  /** Sends what is pending if the socket has room; returns whether anything was sent. */
  flush(serverTime: number): boolean {
    if (this.detectors.size === 0 && this.intersections.size === 0) return false;
    if (this.socket.bufferedAmount > this.highWaterBytes) return false;
    const message: ServerMessage = { type: 'delta', serverTime, detectors: [...this.detectors.values()], intersections: [...this.intersections.values()] };
    this.detectors.clear();
    this.intersections.clear();
    this.socket.send(JSON.stringify(message));
    return true;
  }

  pendingCount(): number {
    return this.detectors.size + this.intersections.size;
  }

  send(message: ServerMessage): void {
    if (this.socket.bufferedAmount > this.highWaterBytes * DISCONNECT_HIGH_WATER_FACTOR) {
      this.socket.terminate?.();
      return;
    }
    this.socket.send(JSON.stringify(message));
  }
}
