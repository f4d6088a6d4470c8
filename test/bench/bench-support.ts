/** What every benchmark here needs: options, progress lines, robust statistics and process readings from /proc. */
import * as fs from 'node:fs';
import type { HealthReport } from '@arterial/contracts/api/v1';

/** A numeric `--name value` option. */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value)) throw new Error(`--${name} must be a number`);
  return value;
}

/** Progress goes to stderr so the last stdout line stays the machine-readable result. */
export function progressLogger(bench: string): (message: string) => void {
  return (message) => process.stderr.write(`[${bench}] ${message}\n`);
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
}

/** p-th percentile of an ascending array (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** Current (VmRSS) or peak (VmHWM) resident memory of a process, in kB. */
export function memoryKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : 0;
}

/** `GET /api/health`, as the REST contract defines it. */
export type HealthReading = HealthReport;

export async function readHealth(httpUrl: string): Promise<HealthReading> {
  return (await (await fetch(`${httpUrl}/api/health`)).json()) as HealthReading;
}

/** Runs a benchmark's main and turns a failure into a stack trace and exit code 1. */
export function runBench(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    process.stderr.write(`${String(err instanceof Error ? err.stack : err)}\n`);
    process.exit(1);
  });
}
