/** Entry point of the processor process: start, then stop cleanly on SIGINT/SIGTERM. */
import { createLogger } from './logging/logger';
import { startProcessor } from './bootstrap';

const log = createLogger('main');

async function main(): Promise<void> {
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
