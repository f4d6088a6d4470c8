/**
 * Binds the live feed to WebSocket connections on the HTTP server's /ws path. Each upgrade is authorised first (the
 * token rides in the subprotocol `bearer.<token>`): refused with HTTP 401 before any WebSocket exists, and closed
 * with code 4401 when the token expires or, checked every few seconds, stops being accepted (user disabled or gone).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { LIVE_SUBPROTOCOL, WS_CLOSE_TOKEN_EXPIRED } from '@arterial/contracts/api/v1';
import { WebSocketServer, type WebSocket } from 'ws';
import { createLogger } from '../logging/logger';
import type { LiveFeedService } from './live-feed.service';

const log = createLogger('ws-gateway');
export const WS_PATH = '/ws';

/**
 * Whether an upgrade may proceed, for how long (null: no expiry, anonymous mode), and how to ask later whether its
 * credentials still hold (absent: nothing to re-check).
 */
export type UpgradeAuthorizer = (
  request: IncomingMessage,
) => Promise<{ ok: true; closeAfterMs: number | null; stillAccepted?: () => Promise<boolean> } | { ok: false; status: 401 }>;

/** How often open sockets' credentials are checked again: a disabled user's socket closes within this. */
export const WS_RECHECK_MS = 5_000;

/** Longest delay setTimeout takes (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class WsGatewayAdapter {
  // The live protocol is selected whenever offered; the bearer subprotocol is never echoed back.
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096, handleProtocols: (offered) => (offered.has(LIVE_SUBPROTOCOL) ? LIVE_SUBPROTOCOL : false) });
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== WS_PATH) return;
    socket.on('error', () => undefined);
    void this.authorize(request).then(
      (decision) => {
        if (!decision.ok) return refuse(socket, decision.status);
        if (socket.destroyed) return;
        this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, decision.closeAfterMs, decision.stillAccepted));
      },
      (err: unknown) => {
        log.error({ err: (err as Error).message }, 'live client authorisation failed');
        refuse(socket, 500);
      },
    );
  };

  /** Sockets whose credentials are checked again every WS_RECHECK_MS. */
  private readonly rechecks = new Map<WebSocket, () => Promise<boolean>>();
  private recheckTimer: NodeJS.Timeout | undefined;
  private rechecking = false;

  constructor(
    private readonly server: Server,
    private readonly feed: LiveFeedService,
    private readonly authorize: UpgradeAuthorizer = () => Promise.resolve({ ok: true, closeAfterMs: null }),
    private readonly recheckMs = WS_RECHECK_MS,
  ) {}

  start(): void {
    this.server.on('upgrade', this.onUpgrade);
    this.recheckTimer = setInterval(() => void this.recheckAll(), this.recheckMs);
    this.recheckTimer.unref();
  }

  /** One pass over the open sockets; a pass still running (slow OIDC key fetch) is not overlapped. */
  private async recheckAll(): Promise<void> {
    if (this.rechecking || this.rechecks.size === 0) return;
    this.rechecking = true;
    try {
      for (const [ws, stillAccepted] of [...this.rechecks]) {
        const accepted = await stillAccepted().catch(() => true); // a failing check (provider down) keeps the session until expiry
        if (!accepted && this.rechecks.has(ws)) {
          log.info('live client closed: its credentials are no longer accepted');
          ws.close(WS_CLOSE_TOKEN_EXPIRED, 'credentials no longer accepted');
        }
      }
    } finally {
      this.rechecking = false;
    }
  }

  private accept(ws: WebSocket, closeAfterMs: number | null, stillAccepted?: () => Promise<boolean>): void {
    const session = this.feed.attach(ws);
    log.debug({ clients: this.feed.clientCount() }, 'live client connected');
    // The token's end is the session's end: the client refreshes and reconnects.
    const expiry = closeAfterMs === null ? undefined : setTimeout(() => ws.close(WS_CLOSE_TOKEN_EXPIRED, 'token expired'), Math.min(closeAfterMs, MAX_TIMER_MS));
    // Browsers only ping; anything else is ignored rather than trusted.
    ws.on('message', () => undefined);
    ws.on('error', (err) => log.debug({ err: err.message }, 'live client error'));
    if (stillAccepted) this.rechecks.set(ws, stillAccepted);
    ws.on('close', () => {
      clearTimeout(expiry);
      this.rechecks.delete(ws);
      this.feed.detach(session);
    });
  }

  async stop(): Promise<void> {
    this.server.off('upgrade', this.onUpgrade);
    clearInterval(this.recheckTimer);
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

/** Answers a refused upgrade with a plain HTTP status, before any WebSocket exists. */
function refuse(socket: Duplex, status: 401 | 500): void {
  if (socket.destroyed) return;
  const reason = status === 401 ? 'Unauthorized' : 'Internal Server Error';
  const extra = status === 401 ? 'WWW-Authenticate: Bearer\r\n' : '';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\n${extra}Content-Length: 0\r\n\r\n`);
}
