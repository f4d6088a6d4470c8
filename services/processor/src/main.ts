/** Entry point of the processor process: start, then stop cleanly on SIGINT/SIGTERM. */
import { createLogger } from './logging/logger';
import { startProcessor } from './bootstrap';
import { PROCESSOR_MALLOC_ENV } from './runtime-flags';

const log = createLogger('main');

async function main(): Promise<void> {
  const mallocUnset = Object.keys(PROCESSOR_MALLOC_ENV).filter((name) => process.env[name] === undefined);
  // glibc reads these at exec: only the launcher can set them (npm start and the Dockerfile do).
  if (process.platform === 'linux' && mallocUnset.length > 0) log.info({ unset: mallocUnset, recommended: PROCESSOR_MALLOC_ENV }, 'malloc settings of runtime-flags.ts not set: ~20 KB more RSS per TLS connection');
  const processor = await startProcessor();
  const stop = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    try {
      await processor.close();
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  log.fatal({ err }, 'processor failed to start');
  process.exit(1);
});
