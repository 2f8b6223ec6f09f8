/**
 * `conform`: the command a user runs. Dispatches to one module per subcommand and turns every
 * error into one line and a distinct exit code — never a stack trace.
 */
import { ConformError, EXIT, isConformError } from '../errors.ts';

const USAGE = `usage: conform <command> [options]

commands:
  init       write a commented conform.yaml (embedded emulator, your emulator or a region)
  run        run the suite against a target (default: the embedded emulator) and write reports
  merge      merge the reports of the shards of one run (run --shard i/n) into one set
  emulator   start the reference emulator
  lint       validate the specs
  list       list operations and checks
  replay     re-send recorded cases against a target and judge them
  diff       send the same cases to two targets and report where they differ

conform <command> --help for its options`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'init':
      return (await import('./init-command.ts')).initCommand(rest);
    case 'run':
      return (await import('./run-command.ts')).runCommand(rest);
    case 'merge':
      return (await import('./merge-command.ts')).mergeCommand(rest);
    case 'emulator':
      return (await import('../emulator/index.ts')).runEmulatorCommand(rest);
    case 'lint':
      return (await import('./lint-command.ts')).lintCommand(rest);
    case 'list':
      return (await import('./list-command.ts')).listCommand(rest);
    case 'replay':
      return (await import('./replay-command.ts')).replayCommand(rest);
    case 'diff':
      return (await import('./diff-command.ts')).diffCommand(rest);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? EXIT.usage : EXIT.conforms;
    case '--version':
      process.stdout.write(`${(await import('./version.ts')).VERSION}\n`);
      return EXIT.conforms;
    default:
      throw new ConformError('CONFORM_USAGE', `unknown command '${command}'; known: run, init, merge, emulator, lint, list, replay, diff`);
  }
}

/** One line for any error; ConformErrors carry their exit code, anything else is a run error. */
export function reportError(e: unknown): number {
  if (isConformError(e)) {
    process.stderr.write(`conform: ${e.oneLine()}\n`);
    return e.exitCode;
  }
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`conform: CONFORM_RUN: internal error: ${message.split('\n')[0]}\n`);
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
