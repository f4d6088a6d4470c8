/**
 * The registry CLIs (`npm run device`, `npm run user`) parse every option for every subcommand; this refuses the ones
 * a subcommand does not take (`--registry` is common to all), so a typo'd combination fails loudly.
 */
export function refuseExtraOptions(command: string, values: Record<string, unknown>, allowed: readonly string[]): void {
  const given = Object.keys(values).filter((k) => k !== 'registry' && !allowed.includes(k));
  if (given.length > 0) throw new Error(`${command} takes no --${given.join(', --')}`);
}
