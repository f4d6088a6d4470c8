/**
 * Where back-pressure meets device input, one PUBLISH at a time (the embedded broker wraps the completion of each
 * authorised PUBLISH with it). While closed:
 * - QoS 1: the completion is held, so aedes sends no PUBACK and reads nothing more from that socket until the gate
 *   opens (it reads a client's next batch only once the last one is done). The device waits; TCP pushes back on it;
 *   nothing acknowledged is ever dropped. At most one socket read per client is held, so memory stays bounded.
 * - QoS 0: shed. The message is counted (shedMessages) and routed nowhere; no dead-letter record is written, since
 *   that record would itself grow under the overload it reports.
 * Knows nothing of aedes: the adapter hands it the packet and its callback.
 */

export type PublishCallback = (error?: Error | null) => void;

/** The part of a PUBLISH the gate reads. */
export interface GatedPublish {
  qos: number;
  payload: { length: number };
}

interface Held {
  bytes: number;
  release: () => void;
}

export class PublishGate {
  private open = true;
  private sinceCheck = 0;
  private held: Held[] = [];
  private heldBytes = 0;
  /** QoS 0 messages shed since start. */
  shedMessages = 0;
  shedBytes = 0;

  constructor(
    /**
     * Asked every `checkEvery` publishes while open, so a burst handled in one event-loop turn (after a stall, a
     * batch from thousands of sockets) closes the gate within it rather than at the next timer sample.
     */
    private readonly check: () => void = () => undefined,
    private readonly checkEvery = 256,
  ) {}

  isOpen(): boolean {
    return this.open;
  }

  /**
   * The callback to give aedes in place of `callback`: passes errors and, while open, success straight through.
   * `shed` is called for a QoS 0 message dropped while closed, before its (successful) completion.
   */
  wrap(packet: GatedPublish, callback: PublishCallback, shed: () => void): PublishCallback {
    return (error) => {
      if (!error && this.open && ++this.sinceCheck >= this.checkEvery) {
        this.sinceCheck = 0;
        this.check();
      }
      if (error || this.open) return callback(error);
      if (packet.qos === 0) {
        this.shedMessages += 1;
        this.shedBytes += packet.payload.length;
        shed();
        return callback(null);
      }
      const bytes = packet.payload.length;
      this.held.push({ bytes, release: () => callback(null) });
      this.heldBytes += bytes;
    };
  }

  close(): void {
    this.open = false;
  }

  /** Opens the gate and completes the held publishes in arrival order (PUBACKs go out, their sockets are read again). */
  reopen(): void {
    this.open = true;
    this.releaseHeld();
  }

  /** Completes every held publish regardless (shutdown): aedes then writes to closed sockets, which it tolerates. */
  releaseHeld(): void {
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    for (const h of held) h.release();
  }

  heldDepth(): { messages: number; bytes: number } {
    return { messages: this.held.length, bytes: this.heldBytes };
  }
}
