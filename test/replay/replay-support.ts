/** What the replay suites share: the CLIs they run as child processes and a store that reports estimation steps. */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { NdjsonFileTimeSeriesStore, type TimeSeriesRecord } from '@arterial/processor';

const ROOT = path.resolve(__dirname, '..', '..');
export const SIM_CLI = path.join(ROOT, 'simulators', 'traffic', 'dist', 'sim-cli.js');
export const REPLAY_CLI = path.join(ROOT, 'services', 'processor', 'dist', 'replay', 'replay.cli.js');

/** Runs a Node script; resolves with the last line of its stdout (the CLIs' JSON summary). */
export function runCli(script: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'error' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout.trim().split('\n').pop() ?? '') : reject(new Error(`${path.basename(script)} exited ${code}: ${stderr.slice(-2000)}`))));
  });
}

/** A file store that tells the test which estimation steps have been written (by their KPI records). */
export class SteppedStore extends NdjsonFileTimeSeriesStore {
  lastEstimateTs = 0;

  override write(records: readonly TimeSeriesRecord[]): void {
    super.write(records);
    for (const r of records) if (r.kind === 'kpi' && r.kpi.ts > this.lastEstimateTs) this.lastEstimateTs = r.kpi.ts;
  }
}
