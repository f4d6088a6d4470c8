/** Binds the live feed to WebSocket connections on the HTTP server's /ws path. */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { createLogger } from '../logging/logger';
import type { LiveFeedService } from './live-feed.service';

const log = createLogger('ws-gateway');
export const WS_PATH = '/ws';

export class WsGatewayAdapter {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== WS_PATH) return;
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws));
  };

  constructor(
    private readonly server: Server,
    private readonly feed: LiveFeedService,
  ) {}

  start(): void {
    this.server.on('upgrade', this.onUpgrade);
  }

  private accept(ws: WebSocket): void {
    const session = this.feed.attach(ws);
    log.debug({ clients: this.feed.clientCount() }, 'live client connected');
    // Browsers only ping; anything else is ignored rather than trusted.
    ws.on('message', () => undefined);
    ws.on('error', (err) => log.debug({ err: err.message }, 'live client error'));
    ws.on('close', () => this.feed.detach(session));
  }

  async stop(): Promise<void> {
    this.server.off('upgrade', this.onUpgrade);
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
