/**
 * Where back-pressure meets device input, one authorised PUBLISH at a time: the embedded broker hands each one to
 * `admit` before it is logged (WAL), ingested or acknowledged. While closed:
 * - QoS 1: the publish is held before anything is done with it, so aedes sends no PUBACK and reads nothing more
 *   from that socket (it reads a client's next batch only once the last one is done). The device waits; TCP pushes
 *   back on it; nothing acknowledged is ever dropped. A held publish is not in the WAL nor in ingest yet: it costs
 *   its parsed packet only, and at most one socket read per client is held.
 * - QoS 0: shed. Counted (shedMessages) and routed nowhere; no dead-letter record is written, since that record
 *   would itself grow under the overload it reports.
 * - Beyond `heldCap` in total (many clients, each with one read held): the publish is refused, which closes that
 *   connection unacknowledged; the device reconnects and resends. This bounds held memory over any number of clients.
 * Held publishes are let through in arrival order, `reopen(budget)` at a time, so what they add downstream is what
 * the caller has room for; the gate opens only once none is held (input arriving meanwhile queues behind them).
 * Knows nothing of aedes: the adapter hands it the packet, the rest of its path and its callback.
 */
import type { QueueDepth } from './water-marks';

export type PublishCallback = (error?: Error | null) => void;

/** The part of a PUBLISH the gate reads. */
export interface GatedPublish {
  qos: number;
  payload: { length: number };
}

/** The rest of a publish's path once admitted (WAL, ingest, then `done`, on which aedes sends the PUBACK). */
export type ForwardPublish = (done: PublishCallback) => void;

interface Held {
  bytes: number;
  forward: () => void;
}

/**
 * A held publish costs ~1 KB of heap (aedes' packet and its closures) besides its payload: ~20 MB at the cap, beside
 * the store queue's ~10 MB at its high mark, within the 192 MB heap (runtime-flags.ts) where 4,000 TLS connections
 * already take ~45 MB. 50,000 ran that heap out under 3× the fleet's load (bench:load --measurement-interval 2).
 */
export const DEFAULT_HELD_CAP: QueueDepth = { messages: 20_000, bytes: 6 * 1024 * 1024 };

export class PublishGate {
  private open = true;
  private sinceCheck = 0;
  /** FIFO: held[head..] wait; shifting one at a time would be O(n) per release. */
  private held: Held[] = [];
  private head = 0;
  private heldBytes = 0;
  private forwarding = 0;
  /** QoS 0 messages shed since start. */
  shedMessages = 0;
  shedBytes = 0;
  /** QoS 1 publishes refused (their connection closed, unacknowledged) because the held total was at its cap. */
  refusedOverCap = 0;

  constructor(
    /**
     * Asked every `checkEvery` publishes while open, so a burst handled in one event-loop turn (after a stall, a
     * batch from thousands of sockets) closes the gate within it rather than at the next timer sample.
     */
    private readonly check: () => void = () => undefined,
    private readonly checkEvery = 256,
    private readonly heldCap: QueueDepth = DEFAULT_HELD_CAP,
  ) {}

  isOpen(): boolean {
    return this.open;
  }

  /**
   * Decides about one authorised publish: forwards it now (open), holds it (closed, QoS 1), sheds it (closed, QoS 0:
   * `shed` is called, then `callback(null)`), or refuses it (closed, held total at its cap).
   */
  admit(packet: GatedPublish, forward: ForwardPublish, callback: PublishCallback, shed: () => void): void {
    if (this.open && ++this.sinceCheck >= this.checkEvery) {
      this.sinceCheck = 0;
      this.check();
    }
    if (this.open) return this.forward(forward, callback);
    const bytes = packet.payload.length;
    if (packet.qos === 0) {
      this.shedMessages += 1;
      this.shedBytes += bytes;
      shed();
      return callback(null);
    }
    const depth = this.heldDepth();
    if (depth.messages >= this.heldCap.messages || depth.bytes + bytes > this.heldCap.bytes) {
      this.refusedOverCap += 1;
      return callback(new Error('back-pressure: held publishes at their cap; connection closed unacknowledged'));
    }
    this.held.push({ bytes, forward: () => this.forward(forward, callback) });
    this.heldBytes += bytes;
  }

  /** Counts a publish from admission until its path completes (until then it is on its way to the store queue). */
  private forward(forward: ForwardPublish, callback: PublishCallback): void {
    this.forwarding += 1;
    let done = false;
    forward((error) => {
      if (!done) {
        done = true;
        this.forwarding -= 1;
      }
      callback(error);
    });
  }

  close(): void {
    this.open = false;
  }

  /**
   * Forwards up to `budget` held publishes in arrival order (their PUBACKs follow once logged; their sockets are read
   * again, and what those reads bring queues behind the rest) and opens the gate once none is held.
   * Returns how many were forwarded.
   */
  reopen(budget = Infinity): number {
    let forwarded = 0;
    // Forwarding can complete synchronously and make aedes read and admit more: those join the queue's tail.
    while (forwarded < budget && this.head < this.held.length) {
      const next = this.held[this.head] as Held;
      this.held[this.head] = undefined as unknown as Held;
      this.head += 1;
      this.heldBytes -= next.bytes;
      forwarded += 1;
      next.forward();
    }
    if (this.head >= this.held.length) {
      this.held = [];
      this.head = 0;
      this.heldBytes = 0;
      this.open = true;
    } else if (this.head > 1024 && this.head * 2 > this.held.length) {
      this.held = this.held.slice(this.head);
      this.head = 0;
    }
    return forwarded;
  }

  /** Forwards every held publish regardless and opens (shutdown): aedes then writes to closed sockets, which it tolerates. */
  releaseHeld(): void {
    this.reopen();
  }

  heldDepth(): QueueDepth {
    return { messages: this.held.length - this.head, bytes: this.heldBytes };
  }

  /** Publishes admitted whose path has not completed: on their way to ingest (WAL group commit), not yet queued. */
  inFlight(): number {
    return this.forwarding;
  }
}
