/** A WebSocket client of /ws that records every server message, for tests and benchmarks. */
import WebSocket from 'ws';
import type { ServerMessage } from '@arterial/contracts/live/v1';

export class LiveFeedClient {
  readonly messages: Array<{ at: number; message: ServerMessage }> = [];
  private readonly listeners = new Set<(m: ServerMessage, at: number) => void>();
  private constructor(
    private readonly socket: WebSocket,
    record: boolean,
  ) {
    socket.on('message', (data: WebSocket.RawData) => {
      const at = Date.now();
      const message = JSON.parse(data.toString()) as ServerMessage;
      if (record) this.messages.push({ at, message });
      for (const l of this.listeners) l(message, at);
    });
  }

  static async connect(url: string, options: { record?: boolean } = {}): Promise<LiveFeedClient> {
    const socket = new WebSocket(url);
    // Listen before 'open' resolves so the snapshot sent on connect is never missed.
    const pending: WebSocket.RawData[] = [];
    const early = (d: WebSocket.RawData) => pending.push(d);
    socket.on('message', early);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    socket.off('message', early);
    const client = new LiveFeedClient(socket, options.record ?? true);
    for (const d of pending) socket.emit('message', d, false);
    return client;
  }

  onMessage(listener: (m: ServerMessage, at: number) => void): void {
    this.listeners.add(listener);
  }

  close(): void {
    this.socket.close();
  }
}
