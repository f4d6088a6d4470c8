/** How the load benchmarks start the processor: with the runtime settings production runs it with. */
import { PROCESSOR_MALLOC_ENV, PROCESSOR_NODE_OPTIONS } from '@arterial/processor';

/**
 * The processor's heap limits and malloc settings (Dockerfile, npm start). BENCH_PROCESSOR_NODE_OPTIONS replaces the
 * heap flags, BENCH_PROCESSOR_MALLOC=glibc-default leaves out the malloc ones (to measure other settings).
 */
export function processorRuntimeEnv(): Record<string, string> {
  return {
    NODE_OPTIONS: process.env.BENCH_PROCESSOR_NODE_OPTIONS ?? PROCESSOR_NODE_OPTIONS,
    ...(process.env.BENCH_PROCESSOR_MALLOC === 'glibc-default' ? {} : PROCESSOR_MALLOC_ENV),
  };
}
