/**
 * Command-line options on `node:util` parseArgs: one typed table per command line gives the parser its options
 * and the --help text its lines, so the two cannot drift apart. Value checks throw naming the flag and its rule.
 */
import { parseArgs } from 'node:util';

export interface CliOption {
  type: 'string' | 'boolean';
  /** Repeatable: the values arrive as a list. */
  multiple?: boolean;
  /** Placeholder of a string option's value in the help text, e.g. `N` or `URL`. */
  value?: string;
  /** One line of help: what it does and its default. */
  help: string;
}

export type CliOptionTable = Record<string, CliOption>;

type OptionValue<O extends CliOption> = O['type'] extends 'boolean' ? boolean : string;

/** What parseArgs returns for a table: undefined where a flag was absent. */
export type CliValues<T extends CliOptionTable> = {
  [K in keyof T]?: T[K]['multiple'] extends true ? OptionValue<T[K]>[] : OptionValue<T[K]>;
};

/** A parsed command line: help asked for, or the checked options. */
export type CliCommand<O> = { help: true } | { help: false; options: O };

const HELP: CliOptionTable = { help: { type: 'boolean', help: 'this text' } };
const MIN_NAME_COLUMN = 29;

/** Strict parse: unknown flags, a missing value and positional arguments throw. `--help` is part of every table. */
export function parseCliValues<T extends CliOptionTable>(argv: readonly string[], table: T): { help: true } | { help: false; values: CliValues<T> } {
  const options = Object.fromEntries(
    Object.entries({ ...table, ...HELP }).map(([name, o]) => [name, { type: o.type, ...(o.multiple ? { multiple: true } : {}) }]),
  );
  const { values } = parseArgs({ args: joinDashValues(argv, table), options, strict: true, allowPositionals: false });
  if (values.help === true) return { help: true };
  return { help: false, values: values as CliValues<T> };
}

/**
 * `--utc-offset -5`, `--origin -70.1,41.3`: strict parseArgs calls a value starting with '-' ambiguous. After an
 * option that takes a value the next word is always that value, so it is handed over as `--option=value`.
 */
function joinDashValues(argv: readonly string[], table: CliOptionTable): string[] {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    const option = arg.startsWith('--') ? table[arg.slice(2)] : undefined;
    if (option?.type === 'string' && next !== undefined && /^-[^-]/.test(next)) {
      args.push(`${arg}=${next}`);
      i++;
    } else args.push(arg);
  }
  return args;
}

/** The --help text: a synopsis line, one aligned line per option (the table's order, then --help), then notes. */
export function usageText(synopsis: string, table: CliOptionTable, notes?: string): string {
  const rows = Object.entries({ ...table, ...HELP }).map(([name, o]) => [`  --${name}${o.value ? ` ${o.value}` : ''}`, o.help] as const);
  const width = Math.max(MIN_NAME_COLUMN, ...rows.map(([label]) => label.length + 2));
  const lines = rows.map(([label, help]) => `${label.padEnd(width)}${help}`);
  return [synopsis, ...lines, ...(notes ? [notes] : [])].join('\n');
}

/** A number flag, or undefined when absent; throws naming the flag and its rule otherwise. */
export function numberFlag(name: string, raw: string | undefined, check: (n: number) => boolean, rule: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || !check(value)) throw new Error(`--${name} must be ${rule}, got ${JSON.stringify(raw)}`);
  return value;
}

/** A list of numbers in one flag (`LON,LAT`, `CxR`), or undefined when absent. */
export function numberListFlag(
  name: string,
  raw: string | undefined,
  list: { count: number; separator?: string; check?: (n: number) => boolean; rule: string },
): number[] | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split(list.separator ?? ',');
  const values = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  const fits = values.length === list.count && values.every((n) => Number.isFinite(n) && (list.check?.(n) ?? true));
  if (!fits) throw new Error(`--${name} must be ${list.rule}, got ${JSON.stringify(raw)}`);
  return values;
}

/** One of a fixed set of words, or undefined when absent. */
export function choiceFlag<C extends string>(name: string, raw: string | undefined, choices: readonly C[]): C | undefined {
  if (raw === undefined) return undefined;
  if (!(choices as readonly string[]).includes(raw)) throw new Error(`--${name} must be ${choices.join(' or ')}, got ${JSON.stringify(raw)}`);
  return raw as C;
}

/** An ISO date-time flag as epoch ms, or undefined when absent. */
export function dateFlag(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw new Error(`--${name} must be an ISO date-time, got ${JSON.stringify(raw)}`);
  return ms;
}
