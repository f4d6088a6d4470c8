/**
 * A replay makes millions of short-lived objects (parsed messages, samples, prediction records). With V8's default
 * young generation (16 MiB semi-spaces) many of them live through a scavenge or two and get copied, and garbage
 * collection took a sixth of the main thread's profile of a day; with 64 MiB semi-spaces about a twentieth, for
 * ~100 MB more memory. The size can only be set when the process starts, so the CLI starts itself again with it.
 */
import { spawnSync } from 'node:child_process';

export const SEMI_SPACE_FLAG = '--max-semi-space-size=64';
/** Set in the relaunched process, so it never relaunches again. */
const RELAUNCHED_ENV = 'ARTERIAL_REPLAY_RELAUNCHED';

/** Whether the semi-space size was given already: as a node option, in NODE_OPTIONS, or by a relaunch. */
export function hasSemiSpaceSize(execArgv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return env[RELAUNCHED_ENV] === '1' || [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => a.startsWith('--max-semi-space-size'));
}

/**
 * Runs this script again in a child node with the larger young generation, stdio shared, unless it has one already;
 * true when it did (the child's exit code is then this process's, and the caller does nothing more).
 */
export function relaunchWithLargerYoungGeneration(): boolean {
  if (hasSemiSpaceSize(process.execArgv, process.env)) return false;
  const script = process.argv[1];
  if (script === undefined) return false;
  const child = spawnSync(process.execPath, [SEMI_SPACE_FLAG, ...process.execArgv, script, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, [RELAUNCHED_ENV]: '1' },
  });
  if (child.error) return false;
  process.exitCode = child.status ?? 1;
  return true;
}
