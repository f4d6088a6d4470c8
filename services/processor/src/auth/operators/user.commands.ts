/**
 * What each `npm run user` command does to the users file, returning the lines to print (the last one JSON).
 * Separate from user.cli.ts so specs run it against a temporary file.
 */
import { addUser, disableUser, listUsers, setPassword, setRole } from './user-registry';
import { UserRegistryFile } from './user-registry.file';
import { generatePassword, hashPassword } from './password-hashing';
import { USER_USAGE, type UserCommand } from './user.options';

export interface UserCommandContext {
  registryFile: string;
  nowMs: number;
  /** The password given on stdin (--password-stdin), trailing newline removed. */
  passwordFromStdin?: string;
  /** Scrypt cost; specs lower it to keep fast. */
  scrypt?: { N: number; r: number; p: number };
}

function credentialsLine(username: string, password: string): string {
  return JSON.stringify({ username, password });
}

/** The password to set: the one from stdin, or a generated one to print once. */
function chosenPassword(passwordStdin: boolean, context: UserCommandContext): { password: string; generated: boolean } {
  if (!passwordStdin) return { password: generatePassword(), generated: true };
  if (context.passwordFromStdin === undefined) throw new Error('--password-stdin: nothing on stdin');
  return { password: context.passwordFromStdin, generated: false };
}

export function runUserCommand(command: UserCommand, context: UserCommandContext): string[] {
  const file = new UserRegistryFile(context.registryFile);
  switch (command.command) {
    case 'help':
      return [USER_USAGE];
    case 'add': {
      const { password, generated } = chosenPassword(command.passwordStdin, context);
      file.write(addUser(file.read(), { name: command.name, role: command.role }, hashPassword(password, context.scrypt), context.nowMs));
      return generated
        ? [`added ${command.role} ${command.name}; the password is shown only now`, credentialsLine(command.name, password)]
        : [JSON.stringify({ added: command.name, role: command.role })];
    }
    case 'passwd': {
      const { password, generated } = chosenPassword(command.passwordStdin, context);
      file.write(setPassword(file.read(), command.name, hashPassword(password, context.scrypt), context.nowMs));
      return generated ? [`new password for ${command.name}; shown only now`, credentialsLine(command.name, password)] : [JSON.stringify({ passwordChanged: command.name })];
    }
    case 'set-role':
      file.write(setRole(file.read(), command.name, command.role, context.nowMs));
      return [JSON.stringify({ user: command.name, role: command.role })];
    case 'disable':
      file.write(disableUser(file.read(), command.name, context.nowMs));
      return [JSON.stringify({ disabled: command.name })];
    case 'list':
      return [JSON.stringify(listUsers(file.read()))];
  }
}
