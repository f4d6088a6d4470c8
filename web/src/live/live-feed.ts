/**
 * The browser end of the gateway's /ws feed: one socket at a time, reconnection with capped exponential
 * backoff and jitter, a ping to keep proxies from idling the socket out, and a watchdog that treats a silent
 * socket as dead (the gateway sends counters every second, so silence means a half-open connection).
 */
import { BEARER_SUBPROTOCOL_PREFIX, LIVE_SUBPROTOCOL, WS_CLOSE_TOKEN_EXPIRED } from '@arterial/contracts/api/v1';
import type { ClientMessage, ServerMessage } from '../api/types';

export type ConnectionStatus =
  | { state: 'connecting'; attempt: number }
  | { state: 'open'; since: number }
  | { state: 'waiting'; attempt: number; retryAt: number }
  | { state: 'stopped' };

export interface LiveFeedOptions {
  url: string;
  onMessage: (message: ServerMessage) => void;
  onStatus: (status: ConnectionStatus) => void;
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Close and reconnect when nothing has arrived for this long. */
  staleAfterMs?: number;
  pingEveryMs?: number;
  random?: () => number;
  now?: () => number;
  /** Subprotocols for each new socket (read at every connect, so a refreshed token is used). */
  protocols?: () => string[];
  /** Called when the server closes with 4401 (token expired); the feed reconnects once it settles. */
  onTokenExpired?: () => Promise<unknown>;
}

/** `ws://host/ws` or `wss://host/ws` matching the page, so TLS termination in front of the processor just works. */
export function liveFeedUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
}

/** Delay before reconnect attempt `attempt` (1-based): doubling from min to max, with jitter in [50 %, 100 %]. */
export function backoffDelayMs(attempt: number, minDelayMs: number, maxDelayMs: number, random: () => number): number {
  const ceiling = Math.min(maxDelayMs, minDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}

type MessageCheck = (record: Record<string, unknown>) => boolean;
const isArray = (value: unknown) => Array.isArray(value);
const isObject = (value: unknown) => typeof value === 'object' && value !== null;

/** One shape check per message kind; a new kind in the contract breaks compilation until it has one. */
const MESSAGE_CHECKS: Record<ServerMessage['type'], MessageCheck> = {
  snapshot: (r) => isArray(r.detectors) && isArray(r.intersections) && isObject(r.counters),
  delta: (r) => isArray(r.detectors) && isArray(r.intersections),
  counters: (r) => isObject(r.counters),
  estimates: (r) => isArray(r.links),
  kpis: (r) => isArray(r.kpis),
  alerts: (r) => isArray(r.alerts),
  predictions: (r) => isArray(r.links),
  control: (r) => isArray(r.events),
  overrides: (r) => isArray(r.overrides),
};

function isMessageType(type: unknown): type is ServerMessage['type'] {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(MESSAGE_CHECKS, type);
}

/** Shape check at the edge: anything that is not a known message kind is dropped, never half-applied. */
export function parseServerMessage(data: unknown): ServerMessage | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  if (!isMessageType(record.type) || typeof record.serverTime !== 'number') return null;
  return MESSAGE_CHECKS[record.type](record) ? (value as ServerMessage) : null;
}

/**
 * WebSocket subprotocols of the live feed: the feed's own and the access token (a browser cannot set headers on a
 * WebSocket). Without a token (anonymous mode) none: a browser fails a socket whose offered protocols the server
 * does not select, and a server that accepts anonymous clients need not select any.
 */
export function liveFeedProtocols(token: string | null): string[] {
  return token ? [LIVE_SUBPROTOCOL, `${BEARER_SUBPROTOCOL_PREFIX}${token}`] : [];
}

export class LiveFeed {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private retryTimer: number | undefined;
  private watchdogTimer: number | undefined;
  private lastMessageAt = 0;
  private stopped = true;
  private readonly minDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly staleAfterMs: number;
  private readonly pingEveryMs: number;
  private readonly random: () => number;
  private readonly now: () => number;
  private lastPingAt = 0;
  private readonly onBrowserOnline = () => {
    if (this.retryTimer !== undefined) this.connectNow();
  };

  constructor(private readonly options: LiveFeedOptions) {
    this.minDelayMs = options.minDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 15_000;
    this.staleAfterMs = options.staleAfterMs ?? 15_000;
    this.pingEveryMs = options.pingEveryMs ?? 20_000;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener('online', this.onBrowserOnline);
    this.watchdogTimer = window.setInterval(() => this.checkAlive(), 1_000);
    this.connect();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    window.removeEventListener('online', this.onBrowserOnline);
    window.clearInterval(this.watchdogTimer);
    window.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.dropSocket();
    this.options.onStatus({ state: 'stopped' });
  }

  private connect(): void {
    this.attempt += 1;
    this.options.onStatus({ state: 'connecting', attempt: this.attempt });
    const socket = new WebSocket(this.options.url, this.options.protocols?.());
    this.socket = socket;
    this.lastMessageAt = this.now();
    socket.onopen = () => {
      this.lastPingAt = this.now();
    };
    socket.onmessage = (event: MessageEvent) => {
      this.lastMessageAt = this.now();
      const message = parseServerMessage(event.data);
      if (message === null) return;
      if (message.type === 'snapshot') {
        // Only a snapshot proves the server end works; an accepted TCP connection alone does not reset the backoff.
        this.attempt = 0;
        this.options.onStatus({ state: 'open', since: this.now() });
      }
      this.options.onMessage(message);
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (event.code === WS_CLOSE_TOKEN_EXPIRED && this.options.onTokenExpired) this.reconnectAfterRefresh(this.options.onTokenExpired);
      else this.scheduleReconnect();
    };
    // A failed socket also fires close, which does the reconnecting.
    socket.onerror = () => undefined;
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delay = backoffDelayMs(Math.max(1, this.attempt), this.minDelayMs, this.maxDelayMs, this.random);
    this.options.onStatus({ state: 'waiting', attempt: this.attempt, retryAt: this.now() + delay });
    this.retryTimer = window.setTimeout(() => this.connectNow(), delay);
  }

  /** The token ran out, not the network: no backoff, just a fresh token (or the login page, if refresh fails). */
  private reconnectAfterRefresh(refresh: () => Promise<unknown>): void {
    this.options.onStatus({ state: 'connecting', attempt: this.attempt });
    refresh().then(
      () => this.connectNow(),
      () => this.scheduleReconnect(),
    );
  }

  private connectNow(): void {
    window.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (!this.stopped && this.socket === null) this.connect();
  }

  private checkAlive(): void {
    const socket = this.socket;
    if (socket === null) return;
    const now = this.now();
    if (now - this.lastMessageAt > this.staleAfterMs) {
      this.dropSocket();
      this.scheduleReconnect();
      return;
    }
    if (socket.readyState === WebSocket.OPEN && now - this.lastPingAt >= this.pingEveryMs) {
      this.lastPingAt = now;
      const ping: ClientMessage = { type: 'ping' };
      socket.send(JSON.stringify(ping));
    }
  }

  private dropSocket(): void {
    const socket = this.socket;
    if (socket === null) return;
    this.socket = null;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = null;
    // Closing a socket that is still connecting logs a browser warning; let it finish and close it then.
    if (socket.readyState === WebSocket.CONNECTING) socket.addEventListener('open', () => socket.close());
    else socket.close();
  }
}
