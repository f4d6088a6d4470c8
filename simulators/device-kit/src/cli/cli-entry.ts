/**
 * The entry every device command line shares: parse (bad options print the message and the usage, exit code 2),
 * --help (usage on stdout), then run; a failure of the run is reported by the program and sets its exit code.
 */
import type { CliCommand } from './cli-options';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  setExitCode(code: number): void;
}

export interface CliProgram<O> {
  /** Prefix of the default failure line, e.g. `sumo-bridge`. */
  name: string;
  usage: string;
  /** Checks the arguments without side effects; throws with a message naming the flag. */
  parse(argv: readonly string[]): CliCommand<O>;
  run(options: O): Promise<void>;
  /** Reports a failed run and returns the exit code. Default: `<name>: <message>` on stderr, exit code 1. */
  onFailure?(err: unknown, io: CliIo): number;
}

export const EXIT_USAGE = 2;

const PROCESS_IO: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

/** Runs a command line to its end; never rejects (every outcome becomes output and an exit code). */
export async function runCli<O>(program: CliProgram<O>, argv: readonly string[] = process.argv.slice(2), io: CliIo = PROCESS_IO): Promise<void> {
  let command: CliCommand<O>;
  try {
    command = program.parse(argv);
  } catch (err) {
    io.stderr(`${messageOf(err)}\n\n${program.usage}\n`);
    io.setExitCode(EXIT_USAGE);
    return;
  }
  if (command.help) {
    io.stdout(`${program.usage}\n`);
    return;
  }
  try {
    await program.run(command.options);
  } catch (err) {
    io.setExitCode(program.onFailure ? program.onFailure(err, io) : reportFailure(program.name, err, io));
  }
}

function reportFailure(name: string, err: unknown, io: CliIo): number {
  io.stderr(`${name}: ${messageOf(err)}\n`);
  return 1;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
