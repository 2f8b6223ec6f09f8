/**
 * `conform emulator [options]`: serves the reference emulator until SIGINT/SIGTERM. Prints the
 * base URL and the fixtures; never the secret values, and the token only when it is the
 * built-in dev token. Credentials may come from a flag, a file or the environment, so none
 * has to be on a command line `ps` shows.
 * `--write-config FILE` also writes a conform.yaml for it (write-config.ts).
 */
import { isConformError, redactUrlCredentials } from '../errors.ts';
import { formatHelp, wantsHelp, type CommandHelp } from '../help.ts';
import { readSecretFile } from '../secret-file.ts';
import { FAULTS, findFault } from './faults.ts';
import { DEFAULT_SEED, DEFAULT_TOKEN, MAX_CREATED_APPS } from './fixtures.ts';
import { DEFAULT_BODY_TIMEOUT_MS, startEmulator, type StartOptions } from './server.ts';
import { writeConfig } from './write-config.ts';

export interface CommandIo {
  readonly stdout?: { write(text: string): unknown };
  readonly stderr?: { write(text: string): unknown };
  /** stops the emulator like SIGINT does (tests) */
  readonly signal?: AbortSignal;
  /** default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export const EMULATOR_HELP: CommandHelp = {
  name: 'emulator',
  summary: 'start the reference emulator (the five operations and the twelve around them, on one port) until Ctrl-C',
  usage: 'conform emulator [options]',
  options: [
    { flag: '--port', value: 'N', description: 'port to listen on; 0 picks a free one and prints it', default: '0' },
    { flag: '--host', value: 'H', description: 'address to listen on', default: '127.0.0.1' },
    { flag: '--token', value: 'T', description: 'the X-Auth-Token to accept (visible to `ps`: prefer the file or the environment)', default: `$CONFORM_EMULATOR_TOKEN, else ${DEFAULT_TOKEN}` },
    { flag: '--token-file', value: 'FILE', description: 'read the token from FILE', default: '$CONFORM_EMULATOR_TOKEN_FILE' },
    { flag: '--access-key', value: 'AK', description: 'also accept requests signed with this AK/SK (SDK-HMAC-SHA256)', default: '$CONFORM_EMULATOR_ACCESS_KEY, else none: token only' },
    { flag: '--secret-key', value: 'SK', description: 'the SK (visible to `ps`: prefer the file or the environment)', default: '$CONFORM_EMULATOR_SECRET_KEY' },
    { flag: '--secret-key-file', value: 'FILE', description: 'read the SK from FILE', default: '$CONFORM_EMULATOR_SECRET_KEY_FILE' },
    { flag: '--fault', value: 'NAME', description: 'misbehave in this one documented way (see --list-faults)', default: 'none' },
    { flag: '--seed', value: 'N', description: 'seed every fixture id and secret derives from', default: '0' },
    { flag: '--app-quota', value: 'N', description: 'apps CreateApp may create before it answers 400 APIG.3103 (quota)', default: String(MAX_CREATED_APPS) },
    { flag: '--body-timeout', value: 'MS', description: 'a request body not complete after MS gets a 400 and its connection closed', default: String(DEFAULT_BODY_TIMEOUT_MS) },
    { flag: '--write-config', value: 'FILE', description: 'also write a ready conform.yaml for this emulator (target, fixtures, its secret values under knownSecrets)', default: 'none' },
    { flag: '--list-faults', description: 'print the fault catalogue and exit' },
  ],
  notes: [
    'credentials: a flag wins over its file flag, which wins over the environment variable,',
    'which wins over its _FILE variable; a file holds the value alone (one final line break is dropped).',
  ],
  example: 'CONFORM_EMULATOR_ACCESS_KEY=AK1 conform emulator --port 4010 --secret-key-file ~/.emulator-sk --app-quota 500',
};

const USAGE = `usage: ${EMULATOR_HELP.usage}; conform emulator --help lists the options`;

const VALUE_FLAGS = new Set(EMULATOR_HELP.options.filter((o) => o.value !== undefined).map((o) => o.flag));

/** The first of: the flag, the flag naming a file, the variable, the variable naming a file. */
function credential(flags: ReadonlyMap<string, string>, env: CommandIo['env'] & object, flag: string, variable: string, what: string): string | undefined {
  const given = flags.get(flag);
  if (given !== undefined) return given;
  const file = flags.get(`${flag}-file`);
  if (file !== undefined) return readSecretFile(file, what);
  const value = env[variable];
  if (value !== undefined && value !== '') return value;
  const envFile = env[`${variable}_FILE`];
  return envFile !== undefined && envFile !== '' ? readSecretFile(envFile, what) : undefined;
}

/** Runs the command; resolves to the exit code (0 stopped by a signal, 2 usage error). */
export async function runEmulatorCommand(argv: readonly string[], io: CommandIo = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const env = io.env ?? process.env;
  const args = argv[0] === 'emulator' ? argv.slice(1) : argv;

  if (wantsHelp(args)) {
    stdout.write(formatHelp(EMULATOR_HELP));
    return 0;
  }
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--list-faults') {
      for (const f of FAULTS) stdout.write(`${f.name}\t${f.operation}\t${f.check}\t${f.description}\n`);
      return 0;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_FLAGS.has(name)) {
      stderr.write(`conform emulator: unknown argument '${redactUrlCredentials(arg)}'; ${USAGE}\n`);
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
  for (const flag of ['--port', '--seed', '--app-quota', '--body-timeout']) {
    if (integer(flag) === null) {
      stderr.write(`conform emulator: ${flag} must be a non-negative integer\n`);
      return 2;
    }
  }
  let options: StartOptions;
  let tokenGiven: boolean;
  try {
    const token = credential(flags, env, '--token', 'CONFORM_EMULATOR_TOKEN', 'token');
    tokenGiven = token !== undefined;
    options = {
      port: integer('--port') ?? undefined,
      seed: integer('--seed') ?? undefined,
      appQuota: integer('--app-quota') ?? undefined,
      bodyTimeoutMs: integer('--body-timeout') ?? undefined,
      host: flags.get('--host'),
      token,
      fault: flags.get('--fault'),
      accessKey: credential(flags, env, '--access-key', 'CONFORM_EMULATOR_ACCESS_KEY', 'access key'),
      secretKey: credential(flags, env, '--secret-key', 'CONFORM_EMULATOR_SECRET_KEY', 'secret key'),
    };
  } catch (error) {
    if (isConformError(error)) {
      stderr.write(`conform emulator: ${error.oneLine()}\n`);
      return error.exitCode;
    }
    throw error;
  }

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
        seed: options.seed ?? DEFAULT_SEED,
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
    token: tokenGiven ? '(as given)' : fixtures.token,
    aksk: options.accessKey === undefined ? false : '(as given)',
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
