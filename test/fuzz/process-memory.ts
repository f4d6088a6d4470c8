/**
 * Resident memory of another process, read from Linux's /proc/<pid>/status: VmRSS sampled on a timer (the
 * curve) and VmHWM, the kernel's own high-water mark, reset before a run (`5` → /proc/<pid>/clear_refs) so its
 * peak is exact even between samples.
 */
import * as fs from 'node:fs';

/** A `Vm…:   1234 kB` line of /proc/<pid>/status, in bytes; undefined once the process is gone. */
function statusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export const rssOf = (pid: number) => statusBytes(pid, 'VmRSS');

export class ProcessRssGauge {
  private timer: NodeJS.Timeout | undefined;
  /** Highest VmRSS seen by the sampler. */
  sampledPeakBytes = 0;
  samples = 0;
  /** Whether the kernel's high-water mark was reset at start(), so peakBytes() may trust it. */
  private hwmReset = false;

  constructor(private readonly pid: number) {}

  start(everyMs: number): void {
    try {
      fs.writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
      this.hwmReset = true;
    } catch {
      // not allowed here (another user, a kernel without it): the sampler alone gives the peak
    }
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  /** The run's peak: the kernel's high-water mark since start() when it could be reset, never below the samples. */
  peakBytes(): number {
    const hwm = this.hwmReset ? (statusBytes(this.pid, 'VmHWM') ?? 0) : 0;
    return Math.max(hwm, this.sampledPeakBytes);
  }

  private sample(): void {
    const rss = rssOf(this.pid);
    if (rss === undefined) return;
    this.samples += 1;
    this.sampledPeakBytes = Math.max(this.sampledPeakBytes, rss);
  }
}
