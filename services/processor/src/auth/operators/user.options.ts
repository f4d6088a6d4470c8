/** Command-line options of `npm run user`, parsed and checked without side effects. */
import { parseArgs } from 'node:util';
import { isOperatorRole, OPERATOR_ROLES, type OperatorRole } from '@arterial/contracts/api/v1';
import { refuseExtraOptions } from '../cli-extras';

export type UserCommand =
  | { command: 'help' }
  | { command: 'add'; name: string; role: OperatorRole; passwordStdin: boolean }
  | { command: 'passwd'; name: string; passwordStdin: boolean }
  | { command: 'set-role'; name: string; role: OperatorRole }
  | { command: 'disable'; name: string }
  | { command: 'list' };

export interface UserCliOptions {
  /** The users file (default USER_REGISTRY_FILE or data/users.json). */
  registry: string | undefined;
  command: UserCommand;
}

export const USER_USAGE = `Usage: npm run user -- COMMAND [--registry FILE]
  add NAME --role ${OPERATOR_ROLES.join('|')} [--password-stdin]
                      add a user; prints a generated password ONCE, as JSON on the last line
                      ({"username":…,"password":…}); --password-stdin reads the password (12+ characters) instead
  passwd NAME [--password-stdin]
                      a new password (generated and printed once, or read from stdin)
  set-role NAME ROLE  change a user's role (applies at the user's next request)
  disable NAME        the user can no longer sign in; issued tokens stop working at once
  list                users as JSON (never passwords)
  --registry FILE     users file (default USER_REGISTRY_FILE or data/users.json)`;

function role(value: string | undefined): OperatorRole {
  if (!isOperatorRole(value)) throw new Error(`the role must be one of ${OPERATOR_ROLES.join(', ')}`);
  return value;
}

export function parseUserOptions(argv: readonly string[]): UserCliOptions {
  const { values, positionals } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      registry: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const registry = values.registry;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') return { registry, command: { command: 'help' } };
  const noExtras = (allowed: readonly string[]) => refuseExtraOptions(command, values, allowed);
  const name = (count: number) => {
    if (rest.length !== count) throw new Error(`${command}: wrong number of arguments`);
    return rest[0] as string;
  };
  const passwordStdin = values['password-stdin'] === true;
  switch (command) {
    case 'add':
      noExtras(['role', 'password-stdin']);
      return { registry, command: { command: 'add', name: name(1), role: role(values.role), passwordStdin } };
    case 'passwd':
      noExtras(['password-stdin']);
      return { registry, command: { command: 'passwd', name: name(1), passwordStdin } };
    case 'set-role':
      noExtras([]);
      return { registry, command: { command: 'set-role', name: name(2), role: role(rest[1]) } };
    case 'disable':
      noExtras([]);
      return { registry, command: { command: 'disable', name: name(1) } };
    case 'list':
      noExtras([]);
      if (rest.length > 0) throw new Error('list takes no arguments');
      return { registry, command: { command: 'list' } };
    default:
      throw new Error(`unknown command ${JSON.stringify(command)}`);
  }
}
