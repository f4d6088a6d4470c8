#!/usr/bin/env node
/** `npm run user -- COMMAND …`: manages the operators' users file (see user.options.ts for the commands). */
import * as fs from 'node:fs';
import { loadConfig } from '../../config/processor-config';
import { runUserCommand } from './user.commands';
import { parseUserOptions, USER_USAGE } from './user.options';

function main(): void {
  let options;
  try {
    options = parseUserOptions(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USER_USAGE}\n`);
    process.exit(2);
  }
  const registryFile = options.registry ?? loadConfig().operatorAccess.userRegistryFile;
  const wantsStdin = 'passwordStdin' in options.command && options.command.passwordStdin;
  try {
    const passwordFromStdin = wantsStdin ? fs.readFileSync(0, 'utf8').replace(/\r?\n$/, '') : undefined;
    for (const line of runUserCommand(options.command, { registryFile, nowMs: Date.now(), ...(passwordFromStdin !== undefined ? { passwordFromStdin } : {}) })) {
      process.stdout.write(`${line}\n`);
    }
  } catch (err) {
    process.stderr.write(`user: ${(err as Error).message}\n`);
    process.exit(1);
  }
}

main();
