#!/usr/bin/env node
/** Command-line entry: runs the traffic simulator against an MQTT broker until --hours pass or a signal arrives. */
import { runCli } from '@arterial/device-kit';
import { parseCliOptions, USAGE, type CliOptions } from './cli-options';
import { createLogger } from './logger';
import { startSimulator } from './simulator';

async function run(options: CliOptions): Promise<void> {
  const logger = createLogger();
  const simulator = await startSimulator({ ...options, logger });
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'shutting down');
    void simulator.stop();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  await simulator.finished;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

void runCli({
  name: 'traffic simulator',
  usage: USAGE,
  parse: (argv) => parseCliOptions(argv, process.env),
  run,
  onFailure: (err) => {
    createLogger().fatal({ err }, 'traffic simulator failed');
    return 1;
  },
});
