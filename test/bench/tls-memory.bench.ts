/**
 * `npm run bench:tls-memory`: what one device TLS connection costs in resident memory, in a bare Node TLS server
 * (no MQTT, no processor), with glibc's default malloc settings and with the processor's (`PROCESSOR_MALLOC_ENV`).
 * The server runs in a child process with the certificate kind bench:load uses; `--connections` clients connect,
 * each sends 200 bytes, and the server's RSS after a forced GC, minus its RSS before any connection, is divided by
 * the connections. Then each client sends `--burst` bytes while the server's event loop is blocked (a processor
 * behind under overload reads them in one go later) and the RSS is read again once they are drained: Node's TLS
 * input buffer keeps the pages such a read touched for as long as the connection lives.
 * Options: --connections N (default 2000) --burst BYTES (default 16384) --runs N (default 3, medians).
 * Last stdout line: JSON {"connections","burstBytes","kbPerConnection":{"glibcDefault","processorMalloc"},
 * "kbPerConnectionAfterBurst":{…}}.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { PROCESSOR_MALLOC_ENV } from '@arterial/processor';
import { median, memoryKb, numberArg, progressLogger } from './bench-support';
import { makeBenchCertificates } from './load-security';

const progress = progressLogger('bench:tls-memory');

/** The server side, in its own process (`--server CERT KEY`): answers 'rss' and 'block MS' over IPC. */
function serve(cert: string, key: string): void {
  const rssMb = () => memoryKb(process.pid, 'VmRSS') / 1024;
  const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  const sockets: tls.TLSSocket[] = [];
  const server = tls.createServer({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) }, (socket) => {
    sockets.push(socket);
    socket.on('data', () => undefined).on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as { port: number }).port }));
  process.on('message', (m: { ask: 'rss' } | { ask: 'block'; ms: number }) => {
    if (m.ask === 'block') {
      const until = Date.now() + m.ms;
      while (Date.now() < until); // stands for a processor too busy to read its sockets
      process.send?.({ blocked: true });
      return;
    }
    collect();
    setTimeout(() => process.send?.({ rssMb: rssMb(), connections: sockets.length }), 300);
  });
}

function ask<T>(child: ChildProcess, message: object): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send(message);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function oneRun(env: NodeJS.ProcessEnv, certs: { ca: string; cert: string; key: string }, connections: number, burst: number) {
  const child = fork(__filename, ['--server', certs.cert, certs.key], { env, execArgv: ['--expose-gc'] });
  const clients: tls.TLSSocket[] = [];
  try {
    const { port } = await new Promise<{ port: number }>((resolve) => child.once('message', (m) => resolve(m as { port: number })));
    const before = await ask<{ rssMb: number }>(child, { ask: 'rss' });
    const ca = fs.readFileSync(certs.ca);
    for (let i = 0; i < connections; i++) {
      clients.push(await new Promise<tls.TLSSocket>((resolve, reject) => {
        const c = tls.connect({ port, host: '127.0.0.1', ca }, () => resolve(c));
        c.once('error', reject);
      }));
    }
    for (const c of clients) c.write(Buffer.alloc(200));
    await sleep(1500);
    const idle = await ask<{ rssMb: number; connections: number }>(child, { ask: 'rss' });
    const blocked = ask(child, { ask: 'block', ms: 3000 });
    await sleep(300);
    for (const c of clients) c.write(Buffer.alloc(burst));
    await blocked;
    await sleep(3000);
    const after = await ask<{ rssMb: number }>(child, { ask: 'rss' });
    const perConnection = (mb: number) => Math.round(((mb - before.rssMb) * 1024 * 10) / connections) / 10;
    return { idleKb: perConnection(idle.rssMb), afterBurstKb: perConnection(after.rssMb), served: idle.connections };
  } finally {
    for (const c of clients) c.destroy();
    child.kill('SIGKILL');
  }
}

async function main(): Promise<void> {
  const connections = numberArg('connections', 2000);
  const burst = numberArg('burst', 16384);
  const runs = numberArg('runs', 3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-tls-memory-'));
  try {
    const certs = makeBenchCertificates(dir);
    // Without: malloc settings in this process's own environment are left out too, so this is glibc's default.
    const glibcDefault = Object.fromEntries(Object.entries(process.env).filter(([k]) => !(k in PROCESSOR_MALLOC_ENV)));
    const variants = { glibcDefault, processorMalloc: { ...glibcDefault, ...PROCESSOR_MALLOC_ENV } };
    const results: Record<string, { idleKb: number[]; afterBurstKb: number[] }> = {};
    for (let run = 1; run <= runs; run++) {
      for (const [name, env] of Object.entries(variants)) {
        const r = await oneRun(env, certs, connections, burst);
        (results[name] ??= { idleKb: [], afterBurstKb: [] }).idleKb.push(r.idleKb);
        results[name].afterBurstKb.push(r.afterBurstKb);
        progress(`run ${run} ${name}: ${r.served} connections, ${r.idleKb} KB each idle, ${r.afterBurstKb} KB after a ${burst}-byte burst`);
      }
    }
    const pick = (key: 'idleKb' | 'afterBurstKb') => Object.fromEntries(Object.entries(results).map(([name, r]) => [name, median(r[key])]));
    process.stdout.write(`${JSON.stringify({ connections, burstBytes: burst, runs, kbPerConnection: pick('idleKb'), kbPerConnectionAfterBurst: pick('afterBurstKb'), node: process.version })}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--server') serve(process.argv[3] as string, process.argv[4] as string);
else
  main().catch((err: unknown) => {
    process.stderr.write(`${String(err instanceof Error ? err.stack : err)}\n`);
    process.exitCode = 1;
  });
