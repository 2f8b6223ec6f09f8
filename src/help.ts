/**
 * The `--help` of every subcommand, from one definition per command module: what it does,
 * its options with their defaults, and one example. `conform --help` lists each command's
 * summary line, so a new subcommand is a new module exporting a CommandHelp and one entry in
 * main.ts's table.
 */

export interface OptionHelp {
  /** `--cases`, or `FILE` for a positional argument */
  readonly flag: string;
  /** the value it takes (`N`, `URL`); absent for a switch */
  readonly value?: string;
  readonly description: string;
  /** what applies when it is not given */
  readonly default?: string;
}

export interface CommandHelp {
  /** `run` */
  readonly name: string;
  /** one line, listed by `conform --help` */
  readonly summary: string;
  /** the synopsis after `usage: ` */
  readonly usage: string;
  readonly options: readonly OptionHelp[];
  /** one command line a user can paste */
  readonly example: string;
  /** lines after the options (environment, notes) */
  readonly notes?: readonly string[];
}

/** `conform <command> --help`. */
export function formatHelp(help: CommandHelp): string {
  const left = help.options.map((o) => `  ${o.flag}${o.value ? ` ${o.value}` : ''}`);
  const width = Math.max(0, ...left.map((l) => l.length)) + 2;
  const lines = help.options.map((o, i) => `${left[i]!.padEnd(width)}${o.description}${o.default === undefined ? '' : ` (default: ${o.default})`}`);
  return [
    `usage: ${help.usage}`,
    '',
    help.summary,
    ...(lines.length > 0 ? ['', 'options:', ...lines] : []),
    ...(help.notes && help.notes.length > 0 ? ['', ...help.notes] : []),
    '',
    'example:',
    `  ${help.example}`,
    '',
  ].join('\n');
}

/** `conform --help`: every command with its one line. */
export function formatCommandList(commands: readonly Pick<CommandHelp, 'name' | 'summary'>[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 3;
  return [
    'usage: conform <command> [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'conform <command> --help lists its options, their defaults and an example.',
    '',
  ].join('\n');
}

/** `--help` or `-h` anywhere among the arguments. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}
