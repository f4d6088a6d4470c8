/**
 * Heap and RSS of this process (the processor runs in it), with a forced GC so growth means retained
 * memory, not garbage not yet collected. Samples RSS while running to report the peak.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

export interface MemorySample {
  heapUsedBytes: number;
  /** Buffers live outside the V8 heap; the broker's socket data is counted here. */
  arrayBuffersBytes: number;
  rssBytes: number;
}

/** Collects twice (the second pass frees what finalizers released) and reads the heap. */
export async function settledMemory(): Promise<MemorySample> {
  for (let i = 0; i < 2; i++) {
    collect();
    await new Promise((r) => setImmediate(r));
  }
  const usage = process.memoryUsage();
  return { heapUsedBytes: usage.heapUsed, arrayBuffersBytes: usage.arrayBuffers, rssBytes: usage.rss };
}

export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  peakRssBytes = 0;
  peakHeapUsedBytes = 0;
  peakArrayBuffersBytes = 0;

  start(everyMs: number): void {
    this.timer = setInterval(() => {
      const usage = process.memoryUsage();
      this.peakRssBytes = Math.max(this.peakRssBytes, usage.rss);
      this.peakHeapUsedBytes = Math.max(this.peakHeapUsedBytes, usage.heapUsed);
      this.peakArrayBuffersBytes = Math.max(this.peakArrayBuffersBytes, usage.arrayBuffers);
    }, everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
