/**
 * A stand-in for the processor's HTTP side when a browser test or the web benchmark needs full control of what
 * the app receives: the built web app, `/api/network`, a few REST answers supplied by the caller, and a `/ws` that
 * sends whatever the caller broadcasts (typed by the live contract). Anonymous: no token is asked for.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ServerMessage } from '@arterial/contracts/live/v1';
import type { NetworkModel } from '@arterial/contracts/network';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.pbf': 'application/x-protobuf',
  '.json': 'application/json',
  '.map': 'application/json',
};

export interface FakeLiveServerOptions {
  webDir: string;
  network: NetworkModel;
  /** Messages each new /ws client gets first (a snapshot, estimates…). */
  greeting: () => ServerMessage[];
  /** Extra GET routes under /api: path (without query) to JSON answer, or undefined for 404. */
  api?: (pathname: string, query: URLSearchParams) => unknown;
}

export interface FakeLiveServer {
  httpUrl: string;
  broadcast(message: ServerMessage): void;
  /** Bytes sent on /ws so far, all clients. */
  bytesSent(): number;
  close(): Promise<void>;
}

export async function startFakeLiveServer(options: FakeLiveServerOptions): Promise<FakeLiveServer> {
  const networkJson = JSON.stringify(options.network);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (url.pathname === '/api/network') return json(200, networkJson);
    // The header polls health; a fake backend has no broker or storage to report on.
    if (url.pathname === '/api/health') return json(200, { status: 'ok', counters: {} });
    if (url.pathname === '/api/auth/me') return json(200, { name: 'anonymous', role: 'admin', authMode: 'anonymous' });
    if (url.pathname.startsWith('/api/')) {
      const answer = options.api?.(url.pathname, url.searchParams);
      return answer === undefined ? json(404, { statusCode: 404, error: 'Not Found', message: `no ${url.pathname} here` }) : json(200, answer);
    }
    const file = path.join(options.webDir, path.normalize(url.pathname).replace(/^(\.\.[/\\])+/, ''));
    const target = fs.existsSync(file) && fs.statSync(file).isFile() ? file : path.join(options.webDir, 'index.html');
    res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(target)] ?? 'application/octet-stream' });
    fs.createReadStream(target).pipe(res);
  });
  const wss = new WebSocketServer({ server, path: '/ws', handleProtocols: (offered) => (offered.has('arterial.live.v1') ? 'arterial.live.v1' : false) });
  const clients = new Set<WebSocket>();
  let sent = 0;
  const send = (socket: WebSocket, message: ServerMessage) => {
    const text = JSON.stringify(message);
    sent += text.length;
    socket.send(text);
  };
  wss.on('connection', (socket) => {
    clients.add(socket);
    socket.on('close', () => clients.delete(socket));
    for (const message of options.greeting()) send(socket, message);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    httpUrl: `http://127.0.0.1:${port}`,
    broadcast(message) {
      // Encoded once for every client, as the gateway does.
      const text = JSON.stringify(message);
      for (const socket of clients) {
        sent += text.length;
        socket.send(text);
      }
    },
    bytesSent: () => sent,
    async close() {
      for (const socket of clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
