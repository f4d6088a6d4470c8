/**
 * Prepares one scenario once for every variant: its time window, the detectors the bridge would place (so the
 * processor's network model knows every loop the bridge publishes), a configuration that loads them, and the
 * converted network model. Every variant then runs this same configuration with the same seed.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { netFileOfConfig, prepareRun, type RunWindow, sumoEnv, sumoNetFileToNetwork } from '../index';

export interface PreparedScenario {
  name: string;
  /** The configuration every variant runs (the original's files plus the placed detectors). */
  sumocfg: string;
  networkFile: string;
  window: RunWindow;
  intersections: string[];
}

/** Loop interval of the bridge and of the converted detectors: short, so plans react within a cycle or two. */
export const EVAL_DETECTOR_INTERVAL_S = 60;
/** The bridge's default minimum green, also given to SUMO's own controllers' phases. */
export const EVAL_MIN_GREEN_S = 5;

export async function prepareScenario(o: { name: string; sumocfg: string; dir: string; beginS?: number; endS?: number }): Promise<PreparedScenario> {
  fs.mkdirSync(o.dir, { recursive: true });
  const setup = await prepareRun({
    sumocfg: o.sumocfg,
    workDir: o.dir,
    ...(o.beginS !== undefined ? { beginS: o.beginS } : {}),
    ...(o.endS !== undefined ? { endS: o.endS } : {}),
    detectors: 'auto',
    program: 'platform',
    minGreenS: EVAL_MIN_GREEN_S,
  });
  const sumocfg = path.join(o.dir, 'eval.sumocfg');
  const args = ['-c', path.resolve(o.sumocfg), '--save-configuration', sumocfg];
  if (setup.additionalFiles.length > 0) args.push('--additional-files', setup.additionalFiles.join(','));
  // SUMO writes the merged configuration and exits without simulating; relative paths are rewritten for its folder.
  execFileSync('sumo', args, { env: sumoEnv(), stdio: ['ignore', 'ignore', 'pipe'] });

  const netFile = netFileOfConfig(o.sumocfg);
  const model = await sumoNetFileToNetwork(netFile, { name: o.name, additionalFiles: setup.additionalFiles, detectorIntervalS: EVAL_DETECTOR_INTERVAL_S });
  const networkFile = path.join(o.dir, 'network.geojson');
  fs.writeFileSync(networkFile, JSON.stringify(model));
  const intersections = model.features.flatMap((f) => (f.properties.kind === 'intersection' ? [f.properties.id] : []));
  return { name: o.name, sumocfg, networkFile, window: setup.window, intersections };
}
