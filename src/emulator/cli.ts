/**
 * `conform emulator [--port N] [--host H] [--token T] [--fault NAME] [--seed N]
 *                   [--access-key AK --secret-key SK] [--write-config FILE] [--list-faults]`
 * Serves the reference emulator until SIGINT/SIGTERM. Prints the base URL and the fixtures;
 * never the secret values, and the token only when it is the built-in dev token.
 * `--write-config FILE` also writes a conform.yaml for it (write-config.ts).
 */
import { isConformError } from '../errors.ts';
import { FAULTS, findFault } from './faults.ts';
import { DEFAULT_SEED } from './fixtures.ts';
import { startEmulator, type StartOptions } from './server.ts';
import { writeConfig } from './write-config.ts';

export interface CommandIo {
  readonly stdout?: { write(text: string): unknown };
  readonly stderr?: { write(text: string): unknown };
  /** stops the emulator like SIGINT does (tests) */
  readonly signal?: AbortSignal;
}

const USAGE =
  'usage: conform emulator [--port N] [--host 127.0.0.1] [--token T] [--fault NAME] [--seed N] ' +
  '[--access-key AK --secret-key SK] [--write-config FILE] [--list-faults]';

const VALUE_FLAGS = new Set(['--port', '--host', '--token', '--fault', '--seed', '--access-key', '--secret-key', '--write-config']);

/** Runs the command; resolves to the exit code (0 stopped by a signal, 2 usage error). */
export async function runEmulatorCommand(argv: readonly string[], io: CommandIo = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const args = argv[0] === 'emulator' ? argv.slice(1) : argv;

  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') {
      stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (arg === '--list-faults') {
      for (const f of FAULTS) stdout.write(`${f.name}\t${f.operation}\t${f.check}\t${f.description}\n`);
      return 0;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_FLAGS.has(name)) {
      stderr.write(`conform emulator: unknown argument '${arg}'; ${USAGE}\n`);
      return 2;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) {
      stderr.write(`conform emulator: ${name} needs a value; ${USAGE}\n`);
      return 2;
    }
    flags.set(name, value);
  }

  const integer = (flag: string): number | undefined | null => {
    const text = flags.get(flag);
    if (text === undefined) return undefined;
    return /^\d+$/.test(text) ? Number(text) : null;
  };
  const port = integer('--port');
  const seed = integer('--seed');
  if (port === null || seed === null) {
    stderr.write(`conform emulator: ${port === null ? '--port' : '--seed'} must be a non-negative integer\n`);
    return 2;
  }
  const tokenGiven = flags.has('--token');
  const options: StartOptions = {
    port,
    seed,
    host: flags.get('--host'),
    token: flags.get('--token'),
    fault: flags.get('--fault'),
    accessKey: flags.get('--access-key'),
    secretKey: flags.get('--secret-key'),
  };

  let running;
  try {
    if (options.fault !== undefined) findFault(options.fault, 'conform emulator');
    running = await startEmulator(options);
  } catch (error) {
    if (isConformError(error)) {
      stderr.write(`${error.oneLine()}\n`);
      return error.exitCode;
    }
    throw error;
  }

  const { fixtures } = running;
  const configFile = flags.get('--write-config');
  if (configFile !== undefined) {
    try {
      await writeConfig(configFile, {
        url: running.url,
        seed: seed ?? DEFAULT_SEED,
        fixtures,
        tokenGiven,
        aksk: options.accessKey !== undefined,
        ...(options.fault !== undefined ? { fault: options.fault } : {}),
      });
    } catch (error) {
      await running.close();
      stderr.write(`conform emulator: --write-config: ${(error as Error).message.split('\n')[0]}\n`);
      return 2;
    }
  }
  const shown = {
    url: running.url,
    fault: options.fault ?? null,
    projectId: fixtures.projectId,
    // A token the user chose is theirs to keep; the built-in one is a local dev value.
    token: tokenGiven ? '(as given with --token)' : fixtures.token,
    aksk: options.accessKey === undefined ? false : '(as given with --access-key/--secret-key)',
    apig: fixtures.apig,
    elb: fixtures.elb,
    csms: fixtures.csms,
    knownSecrets: `${fixtures.knownSecrets.length} values (not printed)`,
  };
  stdout.write(`conform emulator listening on ${running.url}\n${JSON.stringify(shown, null, 2)}\n`);
  if (configFile !== undefined) stdout.write(`wrote ${configFile}: conform run --config ${configFile}\n`);
  stderr.write('press Ctrl-C to stop\n');

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (io.signal?.aborted) stop();
    else io.signal?.addEventListener('abort', stop);
  });
  await running.close();
  return 0;
}
