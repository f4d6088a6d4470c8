/** What the live-feed specs share: a fixed clock reading, fast options, and a socket that records what was sent. */
import type { ServerMessage } from '@arterial/contracts/live/v1';
import type { SocketLike } from './client-session';
import type { LiveFeedOptions } from './live-feed.service';

export const NOW = Date.UTC(2026, 10, 27, 8, 0, 0);
export const OPTIONS: LiveFeedOptions = { minIntervalMs: 250, tickMs: 3_600_000, counterEveryMs: 1000, highWaterBytes: 1024 };

export class RecordingSocket implements SocketLike {
  bufferedAmount = 0;
  readonly sent: ServerMessage[] = [];
  send(data: string): void {
    this.sent.push(JSON.parse(data) as ServerMessage);
  }
}
