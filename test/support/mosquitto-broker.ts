/** A private Debian mosquitto broker on a free loopback port, as the "external broker" of MQTT_URL. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './free-port';
import { waitFor } from './wait-for';
import * as net from 'node:net';

/** With both files, the broker refuses anonymous clients and applies the ACL (as `npm run device -- export-mosquitto` writes them). */
export interface MosquittoAuthFiles {
  passwordFile: string;
  aclFile: string;
}

export class MosquittoBroker {
  private child: ChildProcess | undefined;
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-mosquitto-'));
  port = 0;

  constructor(private readonly auth?: MosquittoAuthFiles) {}

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    const conf = path.join(this.dir, 'mosquitto.conf');
    const access = this.auth
      ? // Run as root (test containers), mosquitto would drop to the `mosquitto` user and lose the 0600 files: stay as we are.
        ['allow_anonymous false', `password_file ${this.auth.passwordFile}`, `acl_file ${this.auth.aclFile}`, ...(process.getuid?.() === 0 ? ['user root'] : [])]
      : ['allow_anonymous true'];
    fs.writeFileSync(conf, [`listener ${this.port} 127.0.0.1`, ...access, 'persistence false', 'max_queued_messages 100000', ''].join('\n'));
    this.child = spawn('mosquitto', ['-c', conf], { stdio: 'ignore' });
    await waitFor(() => canConnect(this.port), { timeoutMs: 10_000, what: 'mosquitto to listen' });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  async dispose(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
