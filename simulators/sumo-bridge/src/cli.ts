#!/usr/bin/env node
/** `npm run sumo -- --grid 3x3 --seconds 600`: runs SUMO as Arterial devices and prints the outcome summary JSON. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '@arterial/device-kit';
import { startBridge } from './bridge';
import { type CliOptions, parseCliOptions, USAGE } from './cli-options';
import { sumoNetFileToNetwork } from './convert/sumo-net-to-network';
import { buildGridScenario } from './grid-scenario';
import { netFileOfConfig } from './sumo-config';

async function run(options: CliOptions): Promise<void> {
  let sumocfg = options.sumocfg ?? '';
  let tmpDir: string | undefined;
  if (options.grid) {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-sumo-grid-'));
    sumocfg = buildGridScenario({ dir: tmpDir, ...options.grid, seconds: options.seconds ?? 600, ...(options.seed !== undefined ? { seed: options.seed } : {}) }).sumocfg;
    process.stderr.write(`generated ${options.grid.columns}x${options.grid.rows} grid scenario in ${tmpDir}\n`);
  }
  const bridge = await startBridge({
    sumocfg,
    mqttUrl: options.mqttUrl,
    ...(options.mqttCredentials ? { mqttCredentials: options.mqttCredentials } : {}),
    ...(options.seconds !== undefined ? { seconds: options.seconds } : {}),
    ...(options.beginS !== undefined ? { beginS: options.beginS } : {}),
    ...(options.endS !== undefined ? { endS: options.endS } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.tripinfoFile ? { tripinfoFile: options.tripinfoFile } : {}),
    ...(options.phaseTraceFile ? { phaseTraceFile: options.phaseTraceFile } : {}),
    program: options.program,
    detectors: options.detectors,
    speed: options.speed,
    intervalS: options.intervalS,
    controllerClock: options.controllerClock,
    progressEveryS: 60,
    log: (line) => process.stderr.write(`${line}\n`),
    onControllerEvent: (e) => process.stderr.write(`${JSON.stringify(e)}\n`),
  });
  if (options.networkOut) {
    // After the start, so the model lists the loops the bridge placed (it reads the files SUMO loaded).
    const netFile = netFileOfConfig(sumocfg);
    const model = await sumoNetFileToNetwork(netFile, {
      name: path.basename(netFile),
      origin: options.origin,
      additionalFiles: bridge.additionalFiles,
      detectorIntervalS: options.intervalS,
    });
    fs.writeFileSync(options.networkOut, `${JSON.stringify(model, null, 2)}\n`);
    process.stderr.write(`wrote network model ${options.networkOut} (${model.features.length} features)\n`);
  }
  const stop = (): void => void bridge.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const summary = await bridge.done;
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
}

// A failed run may leave SUMO's or the broker's sockets open: exit instead of waiting for them.
void runCli({ name: 'sumo-bridge', usage: USAGE, parse: (argv) => parseCliOptions(argv, process.env), run }).then(() => {
  if (process.exitCode) process.exit();
});
