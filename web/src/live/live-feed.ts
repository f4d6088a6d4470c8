/**
 * The browser end of the gateway's /ws feed: one socket at a time, reconnection with capped exponential
 * backoff and jitter, a ping to keep proxies from idling the socket out, and a watchdog that treats a silent
 * socket as dead (the gateway sends counters every second, so silence means a half-open connection).
 */
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

const MESSAGE_TYPES: ReadonlySet<string> = new Set<ServerMessage['type']>(['snapshot', 'delta', 'counters']);

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
  if (typeof record.type !== 'string' || !MESSAGE_TYPES.has(record.type) || typeof record.serverTime !== 'number') return null;
  if (record.type !== 'counters' && (!Array.isArray(record.detectors) || !Array.isArray(record.intersections))) return null;
  if (record.type !== 'delta' && (typeof record.counters !== 'object' || record.counters === null)) return null;
  return value as ServerMessage;
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
    const socket = new WebSocket(this.options.url);
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
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.scheduleReconnect();
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
