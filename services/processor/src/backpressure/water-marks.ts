/**
 * High/low water marks on one queue, counted in messages and in bytes, with hysteresis: the queue is over once
 * either count reaches its high mark, and stays over until both are at or below their low marks, so a queue
 * hovering at one mark does not flap the device sockets on and off.
 */

export interface QueueDepth {
  messages: number;
  bytes: number;
}

export interface WaterMarks {
  high: QueueDepth;
  low: QueueDepth;
}

export class WaterMarkGauge {
  private over = false;

  constructor(
    /** Names the queue in health reasons and logs. */
    readonly name: string,
    readonly marks: WaterMarks,
    /** Reads the queue's depth now; called at every sample, so it must be cheap. */
    private readonly read: () => QueueDepth,
  ) {
    const { high, low } = marks;
    // Infinity on both marks: the queue is not counted in that unit.
    const below = (l: number, h: number) => l < h || (l === Infinity && h === Infinity);
    if (!(below(low.messages, high.messages) && below(low.bytes, high.bytes))) throw new Error(`${name}: low water marks must be below the high ones`);
  }

  /** Reads the depth and returns whether the queue is (still) over its marks. */
  sample(): { over: boolean; depth: QueueDepth } {
    const depth = this.read();
    const { high, low } = this.marks;
    if (!this.over) this.over = depth.messages >= high.messages || depth.bytes >= high.bytes;
    else this.over = !(depth.messages <= low.messages && depth.bytes <= low.bytes);
    return { over: this.over, depth };
  }

  /** How many more messages the queue takes before its high mark; 0 while over (until it drains to its low marks). */
  headroom(depth: QueueDepth): number {
    return this.over ? 0 : Math.max(0, this.marks.high.messages - depth.messages);
  }

  /** Why this queue holds input back, for health and logs. */
  describe(depth: QueueDepth): string {
    const { high } = this.marks;
    return `${this.name}: ${depth.messages} messages / ${depth.bytes} bytes (high water ${high.messages} / ${high.bytes})`;
  }
}
