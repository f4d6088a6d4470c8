/** Debian's mosquitto_pub / mosquitto_sub: an MQTT peer nobody on this project wrote. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface BrokerAddress {
  host: string;
  port: number;
}

export function brokerAddress(url: string): BrokerAddress {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || 1883) };
}

/** Extra mosquitto_pub/_sub arguments: credentials, protocol version (`-V 5` reports refused publishes). */
export interface MosquittoClientOptions {
  username?: string;
  password?: string;
  args?: string[];
}

function clientArgs(options: MosquittoClientOptions): string[] {
  return [...(options.username ? ['-u', options.username] : []), ...(options.password ? ['-P', options.password] : []), ...(options.args ?? [])];
}

export async function mosquittoPub(url: string, topic: string, payload: string | Buffer, qos: 0 | 1 = 1, options: MosquittoClientOptions = {}): Promise<void> {
  const { host, port } = brokerAddress(url);
  const args = ['-h', host, '-p', String(port), '-q', String(qos), '-t', topic, ...clientArgs(options)];
  if (payload.length === 0) {
    await run('mosquitto_pub', [...args, '-n']);
    return;
  }
  if (Buffer.isBuffer(payload)) {
    // -s reads the message from stdin, so binary (bad UTF-8) payloads survive intact.
    await new Promise<void>((resolve, reject) => {
      const child = spawn('mosquitto_pub', [...args, '-s'], { stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub exited ${code}: ${stderr}`))));
      child.stdin.end(payload);
    });
    return;
  }
  await run('mosquitto_pub', [...args, '-m', payload]);
}

/** Subscribes with mosquitto_sub and collects `topic payload` lines until stopped. */
export class MosquittoSub {
  readonly lines: string[] = [];
  private readonly child: ChildProcess;

  constructor(url: string, filter: string, options: MosquittoClientOptions = {}) {
    const { host, port } = brokerAddress(url);
    this.child = spawn('mosquitto_sub', ['-h', host, '-p', String(port), '-t', filter, '-v', ...clientArgs(options)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let partial = '';
    this.child.stdout?.on('data', (d: Buffer) => {
      const text = partial + d.toString();
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      this.lines.push(...parts);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}
