/**
 * Everything a run decides before SUMO starts: its time window (run-window.ts), the detectors to place
 * (detector-placement.ts) and the SUMO controller to install (sumo-programs.ts), written as additional files into
 * the run's work folder, and the SUMO arguments that load them on top of the configuration's own files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type NetInductionLoop, readInductionLoops } from './convert/sumo-induction-loops';
import { type DetectorMode, inductionLoopsXml, placeDetectors } from './detector-placement';
import { type RunWindow, runWindowOf } from './run-window';
import { additionalFilesOfConfig, netFileOfConfig, timeOfConfig } from './sumo-config';
import { readSumoNet, type SumoNet } from './sumo-net';
import { builtInProgramsXml, type ControlProgram } from './sumo-programs';

export interface RunSetupOptions {
  sumocfg: string;
  workDir: string;
  beginS?: number;
  endS?: number;
  seconds?: number;
  detectors?: DetectorMode;
  program?: ControlProgram;
  seed?: number;
  /** Where SUMO writes tripinfo (with unfinished trips); default a file in the work folder. */
  tripinfoFile?: string;
  /** Tripinfo also for vehicles never inserted (`--tripinfo-output.write-undeparted`). */
  writeUndeparted?: boolean;
  minGreenS: number;
}

export interface RunSetup {
  window: RunWindow;
  /** Every additional file SUMO loads: the configuration's and the generated ones. */
  additionalFiles: string[];
  /** Loops the bridge placed (empty unless `detectors` is `auto`). */
  placedDetectors: NetInductionLoop[];
  tripinfoFile: string;
  sumoArgs: string[];
}

export async function prepareRun(o: RunSetupOptions): Promise<RunSetup> {
  const window = runWindowOf({ configured: timeOfConfig(o.sumocfg), beginS: o.beginS, endS: o.endS, seconds: o.seconds });
  const configured = additionalFilesOfConfig(o.sumocfg);
  const generated: string[] = [];
  const mode = o.detectors ?? 'auto';
  const program = o.program ?? 'platform';
  let net: SumoNet | undefined;
  const theNet = async (): Promise<SumoNet> => (net ??= await readSumoNet(netFileOfConfig(o.sumocfg)));

  let placedDetectors: NetInductionLoop[] = [];
  if (mode === 'auto') {
    const existing: NetInductionLoop[] = [];
    for (const file of configured) existing.push(...(await readInductionLoops(file)));
    placedDetectors = placeDetectors(await theNet(), existing);
    if (placedDetectors.length > 0) generated.push(writeFile(o.workDir, 'arterial-detectors.add.xml', inductionLoopsXml(placedDetectors)));
  }
  if (program !== 'platform') {
    generated.push(writeFile(o.workDir, 'arterial-programs.add.xml', builtInProgramsXml((await theNet()).tlLogics, program, o.minGreenS)));
  }

  const tripinfoFile = o.tripinfoFile ?? path.join(o.workDir, 'tripinfo.xml');
  const sumoArgs = ['--tripinfo-output', tripinfoFile, '--tripinfo-output.write-unfinished', 'true'];
  if (o.writeUndeparted) sumoArgs.push('--tripinfo-output.write-undeparted', 'true');
  if (o.beginS !== undefined) sumoArgs.push('--begin', String(window.beginS));
  if (o.endS !== undefined) sumoArgs.push('--end', String(window.endS));
  if (o.seed !== undefined) sumoArgs.push('--seed', String(o.seed));
  const additionalFiles = [...configured, ...generated];
  // The command line replaces the configuration's list, so it names the configuration's files too.
  if (generated.length > 0) sumoArgs.push('--additional-files', additionalFiles.join(','));
  return { window, additionalFiles, placedDetectors, tripinfoFile, sumoArgs };
}

function writeFile(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}
