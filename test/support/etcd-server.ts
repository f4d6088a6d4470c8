/** A private etcd (Debian's etcd-server, /usr/bin/etcd) on free loopback ports with its own data folder. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

export class EtcdServer {
  private child: ChildProcess | undefined;
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-etcd-'));
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.port = await freePort();
    const peerPort = await freePort();
    const peer = `http://127.0.0.1:${peerPort}`;
    this.child = spawn(
      '/usr/bin/etcd',
      [
        '--name', 'arterial-test', '--data-dir', path.join(this.dir, 'data'),
        '--listen-client-urls', this.url, '--advertise-client-urls', this.url,
        '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer, '--initial-cluster', `arterial-test=${peer}`,
      ],
      { stdio: 'ignore' },
    );
    await waitFor(async () => {
      try {
        return (await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(1000) })).ok;
      } catch {
        return false;
      }
    }, { timeoutMs: 15_000, what: 'etcd to answer /health' });
  }

  async dispose(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
