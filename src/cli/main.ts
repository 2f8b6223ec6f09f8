/**
 * `conform`: the command a user runs. Dispatches to one module per subcommand and turns every
 * error into one line and a distinct exit code — never a stack trace.
 */
import { ConformError, EXIT, isConformError, redactUrlCredentials } from '../errors.ts';
import { formatCommandList, type CommandHelp } from '../help.ts';

/** A subcommand: its help and its entry, loaded only when it runs (or for `conform --help`). */
interface Command {
  readonly name: string;
  load(): Promise<{ readonly help: CommandHelp; run(argv: string[]): Promise<number> }>;
}

const COMMANDS: readonly Command[] = [
  { name: 'init', load: async () => import('./init-command.ts').then((m) => ({ help: m.HELP, run: m.initCommand })) },
  { name: 'run', load: async () => import('./run-command.ts').then((m) => ({ help: m.HELP, run: m.runCommand })) },
  { name: 'merge', load: async () => import('./merge-command.ts').then((m) => ({ help: m.HELP, run: m.mergeCommand })) },
  { name: 'emulator', load: async () => import('../emulator/index.ts').then((m) => ({ help: m.EMULATOR_HELP, run: m.runEmulatorCommand })) },
  { name: 'lint', load: async () => import('./lint-command.ts').then((m) => ({ help: m.HELP, run: m.lintCommand })) },
  { name: 'list', load: async () => import('./list-command.ts').then((m) => ({ help: m.HELP, run: m.listCommand })) },
  { name: 'replay', load: async () => import('./replay-command.ts').then((m) => ({ help: m.HELP, run: m.replayCommand })) },
  { name: 'diff', load: async () => import('./diff-command.ts').then((m) => ({ help: m.HELP, run: m.diffCommand })) },
];

/** The subcommands, in the order `conform --help` lists them. */
export const COMMAND_NAMES: readonly string[] = COMMANDS.map((c) => c.name);

/** `conform --help`: each command's name and summary line, from the command's own help. */
async function commandList(): Promise<string> {
  return formatCommandList(await Promise.all(COMMANDS.map(async (c) => (await c.load()).help)));
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const found = COMMANDS.find((c) => c.name === command);
  if (found) return (await found.load()).run(rest);
  switch (command) {
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(await commandList());
      return command === undefined ? EXIT.usage : EXIT.conforms;
    case '--version':
      process.stdout.write(`${(await import('./version.ts')).VERSION}\n`);
      return EXIT.conforms;
    default:
      throw new ConformError('CONFORM_USAGE', `unknown command '${command}'; known: ${COMMAND_NAMES.join(', ')}`);
  }
}

/** One line for any error; ConformErrors carry their exit code, anything else is a run error. */
function reportError(e: unknown): number {
  if (isConformError(e)) {
    process.stderr.write(`conform: ${e.oneLine()}\n`);
    return e.exitCode;
  }
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`conform: CONFORM_RUN: internal error: ${redactUrlCredentials(message.split('\n')[0]!)}\n`);
  return EXIT.target;
}

const isEntry = process.argv[1] !== undefined && /(main\.ts|bin\.js|conform)$/.test(process.argv[1]);
if (isEntry) {
  // A reader that went away (`conform run | head`) ends the console, not the run: the reports
  // are still written and the exit code still says the verdict.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') process.exitCode = reportError(e);
    });
  }
  // Whatever escapes (a stray rejection, a throw in a callback) is still one line, never a stack trace.
  const fatal = (e: unknown) => {
    process.exitCode = reportError(e);
    process.exit();
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.exitCode = reportError(e);
    },
  );
}
