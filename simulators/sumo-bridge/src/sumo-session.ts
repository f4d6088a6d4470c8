/**
 * One SUMO process with its TraCI session, from start to SUMO's own outcome measures: starts SUMO on a free port
 * with the run's arguments (run-setup.ts: tripinfo output, generated additional files), connects TraCI, and on
 * close ends the session, waits for SUMO to exit (killing it after 5 s), summarises the tripinfo it wrote and
 * removes the run's work folder.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSumo } from './sumo-process';
import { TraciClient } from './traci/traci-client';
import { summariseTripinfoFile, type TripSummary } from './tripinfo-summary';

const TRACI_CONNECT_TIMEOUT_MS = 30_000;
const EXIT_GRACE_MS = 5_000;

export interface SumoSession {
  traci: TraciClient;
  /** Simulation time when the bridge took over (the configuration's begin), seconds. */
  beginS: number;
  /** Ends the session: `endedBySumo` when SUMO already closed TraCI at its configured end. */
  close(run: { endedBySumo: boolean; simulatedS: number }): Promise<TripSummary>;
  /** The last of SUMO's error output (why it quit when TraCI closed under a run). */
  sumoSaid(): string;
}

export interface SumoSessionOptions {
  sumocfg: string;
  /** The run's private folder (generated files, default tripinfo), removed on close. */
  workDir: string;
  tripinfoFile: string;
  sumoArgs: string[];
}

/** A private folder for one run's generated files. */
export function makeRunDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-sumo-'));
}

export async function openSumoSession(options: SumoSessionOptions, log: (line: string) => void): Promise<SumoSession> {
  const { sumocfg, workDir, tripinfoFile } = options;
  const sumo = await startSumo({ sumocfg, extraArgs: options.sumoArgs });
  let traci: TraciClient;
  try {
    traci = await TraciClient.connect(sumo.port, { timeoutMs: TRACI_CONNECT_TIMEOUT_MS });
  } catch (err) {
    sumo.process.kill();
    fs.rmSync(workDir, { recursive: true, force: true });
    throw new Error(`${(err as Error).message}; sumo said: ${sumo.stderr().trim()}`);
  }
  const version = await traci.getVersion();
  log(`connected to ${version.identifier} (TraCI API ${version.apiVersion}) on port ${sumo.port}`);
  const beginS = await traci.simulationTimeS();
  return {
    traci,
    beginS,
    sumoSaid: () => sumo.stderr().trim(),
    async close({ endedBySumo, simulatedS }) {
      if (!endedBySumo) await traci.close().catch(() => undefined);
      const killer = setTimeout(() => sumo.process.kill(), EXIT_GRACE_MS);
      await sumo.exited;
      clearTimeout(killer);
      try {
        return await summariseTripinfoFile(tripinfoFile, simulatedS);
      } finally {
        fs.rmSync(workDir, { recursive: true, force: true });
      }
    },
  };
}
