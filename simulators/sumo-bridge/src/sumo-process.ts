/** Starts SUMO headless with a TraCI port, with SUMO_HOME set so it validates against the local schemas. */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { freeTcpPort } from '@arterial/device-kit';

/** Debian installs the schemas (package sumo-tools) under /usr/share/sumo/data/xsd. */
export const DEFAULT_SUMO_HOME = '/usr/share/sumo';

export function sumoEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const home = base.SUMO_HOME ?? DEFAULT_SUMO_HOME;
  if (!fs.existsSync(`${home}/data/xsd`)) {
    throw new Error(`SUMO schemas not found under ${home}/data/xsd: install Debian package sumo-tools or set SUMO_HOME`);
  }
  return { ...base, SUMO_HOME: home };
}

export interface SumoRun {
  process: ChildProcess;
  port: number;
  /** Resolves with the exit code once SUMO has exited. */
  exited: Promise<number | null>;
  stderr(): string;
}

export interface SumoStartOptions {
  sumocfg: string;
  tripinfoFile?: string;
  extraArgs?: string[];
  binary?: string;
}

export async function startSumo(options: SumoStartOptions): Promise<SumoRun> {
  const port = await freeTcpPort();
  const args = ['-c', options.sumocfg, '--remote-port', String(port), '--step-length', '1', '--no-step-log', 'true', '--no-warnings', 'true', '--duration-log.disable', 'true'];
  if (options.tripinfoFile) args.push('--tripinfo-output', options.tripinfoFile);
  args.push(...(options.extraArgs ?? []));
  const child = spawn(options.binary ?? 'sumo', args, { env: sumoEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (err) => {
      stderr += `\n${err.message}`;
      resolve(-1);
    });
  });
  return { process: child, port, exited, stderr: () => stderr };
}
