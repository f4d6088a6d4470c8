#!/usr/bin/env node
/** Command-line entry: runs the traffic simulator against an MQTT broker until --hours pass or a signal arrives. */
import { parseCliOptions, USAGE } from './cli-options';
import { createLogger } from './logger';
import { startSimulator } from './simulator';

async function main(): Promise<void> {
  const logger = createLogger();
  let command;
  try {
    command = parseCliOptions(process.argv.slice(2), process.env);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (command.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const simulator = await startSimulator({ ...command.options, logger });
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

main().catch((err: unknown) => {
  createLogger().fatal({ err }, 'traffic simulator failed');
  process.exitCode = 1;
});
