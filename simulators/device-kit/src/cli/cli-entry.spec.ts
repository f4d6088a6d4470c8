import { runCli, type CliIo, type CliProgram } from './cli-entry';
import { numberFlag } from './cli-options';

function recordingIo(): CliIo & { out: string; err: string; code: number | undefined } {
  const io = {
    out: '',
    err: '',
    code: undefined as number | undefined,
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
    setExitCode: (code: number) => void (io.code = code),
  };
  return io;
}

describe(runCli.name, () => {
  const ran: number[] = [];
  const program: CliProgram<{ n: number }> = {
    name: 'tool',
    usage: 'usage: tool --n N',
    parse: (argv) => (argv[0] === '--help' ? { help: true } : { help: false, options: { n: numberFlag('n', argv[1], (n) => n > 0, 'positive') ?? 1 } }),
    run: async ({ n }) => {
      if (n === 13) throw new Error('unlucky');
      ran.push(n);
    },
  };

  it('runs the program with the parsed options', async () => {
    const io = recordingIo();
    await runCli(program, ['--n', '3'], io);
    expect(ran).toContain(3);
    expect(io).toMatchObject({ out: '', err: '', code: undefined });
  });

  it('prints the usage on stdout for --help and runs nothing', async () => {
    const io = recordingIo();
    await runCli(program, ['--help'], io);
    expect(io).toMatchObject({ out: 'usage: tool --n N\n', err: '', code: undefined });
  });

  it('explains bad options with the usage and exit code 2', async () => {
    const io = recordingIo();
    await runCli(program, ['--n', '-1'], io);
    expect(io).toMatchObject({ out: '', err: '--n must be positive, got "-1"\n\nusage: tool --n N\n', code: 2 });
  });

  it('reports a failed run on stderr with exit code 1, or as the program says', async () => {
    const io = recordingIo();
    await runCli(program, ['--n', '13'], io);
    expect(io).toMatchObject({ err: 'tool: unlucky\n', code: 1 });
    const custom = recordingIo();
    await runCli({ ...program, onFailure: (err, out) => (out.stderr(`custom ${(err as Error).message}\n`), 7) }, ['--n', '13'], custom);
    expect(custom).toMatchObject({ err: 'custom unlucky\n', code: 7 });
  });
});
