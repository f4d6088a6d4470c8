/**
 * Holds a device connection's outgoing bytes until the WAL is durable up to the last message it appended. The broker
 * may then call back `authorizePublish` at once and go on reading that socket while the fsync runs (reads and fsyncs
 * overlap), yet the PUBACK it writes leaves only once the message is on disk. Everything written meanwhile waits
 * behind it, so order on the wire is kept; the delay is at most one group commit.
 */
import type { Socket } from 'node:net';

type WriteArgs = Parameters<Socket['write']>;

export class HeldWrites {
  private awaited = 0;
  /** Writes in order, each with the record that must be durable before it leaves (non-decreasing). */
  private held: Array<{ upTo: number; args: WriteArgs }> = [];
  private readonly write: (...args: WriteArgs) => boolean;

  constructor(
    private readonly socket: Socket,
    private readonly durableLsn: () => number,
  ) {
    this.write = socket.write.bind(socket) as (...args: WriteArgs) => boolean;
    socket.write = ((...args: WriteArgs) => this.intercept(args)) as Socket['write'];
    socket.once('close', () => (this.held = []));
  }

  /** Output from now on waits until record `lsn` (this connection's newest) is durable. */
  awaitDurable(lsn: number): void {
    if (lsn > this.awaited) this.awaited = lsn;
  }

  /** Record `lsn` is on disk (or could not be written: then the connection is dropped, unacknowledged). */
  settled(lsn: number, err: Error | null): void {
    if (err) {
      this.held = [];
      this.socket.destroy();
      return;
    }
    // Release the prefix this record covers: a connection that keeps publishing must not wait for a quiet moment.
    let released = 0;
    while (released < this.held.length && (this.held[released] as { upTo: number }).upTo <= lsn) released++;
    if (released === 0) return;
    for (const { args } of this.held.splice(0, released)) this.write(...args);
  }

  private intercept(args: WriteArgs): boolean {
    if (this.held.length === 0 && this.awaited <= this.durableLsn()) return this.write(...args);
    this.held.push({ upTo: this.awaited, args });
    // Held in memory: a commit's worth of PUBACKs and little else, so no back-pressure is signalled.
    return true;
  }
}
