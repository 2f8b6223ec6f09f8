/**
 * `conform emulator --write-config FILE`: a conform.yaml ready for the emulator just started
 * (its URL, token, resource ids and its own seeded secret values), so a run against it needs
 * no hand-written configuration. A credential the user chose (--token, --access-key) is not
 * copied into the file: it is read from the environment, as the user already holds it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { EmulatorFixtures } from './fixtures.ts';

/** The first line of every file this writes: such a file may be replaced, any other may not. */
const WRITTEN_BY = '# Written by `conform emulator --write-config`';

/** A YAML double-quoted scalar that conform.yaml's `${VAR}` interpolation leaves as it is. */
function scalar(s: string): string {
  return JSON.stringify(s.replaceAll('${', '$${'));
}

export interface WriteConfigInput {
  readonly url: string;
  readonly seed: number;
  readonly fixtures: EmulatorFixtures;
  /** true: the token was given with --token, so the file reads it from HWC_AUTH_TOKEN */
  readonly tokenGiven: boolean;
  /** AK/SK were given: the file reads them from HWC_ACCESS_KEY / HWC_SECRET_KEY */
  readonly aksk: boolean;
  readonly fault?: string;
}

export function configText(input: WriteConfigInput): string {
  const f = input.fixtures;
  const auth = input.aksk
    ? ['  accessKey: ${HWC_ACCESS_KEY}        # as given with --access-key', '  secretKey: ${HWC_SECRET_KEY}        # as given with --secret-key']
    : [input.tokenGiven ? '  token: ${HWC_AUTH_TOKEN}            # as given with --token' : `  token: ${scalar(f.token)}`];
  const secrets = f.knownSecrets.filter((s) => !(input.tokenGiven && s === f.token));
  return [
    WRITTEN_BY,
    `# for the reference emulator at ${input.url} (seed ${input.seed}${input.fault ? `, fault ${input.fault}` : ''}).`,
    '# The same seed gives the same ids and secret values on every start. Run: conform run --config FILE',
    `target: ${input.url}`,
    'auth:',
    ...auth,
    `projectId: ${scalar(f.projectId)}`,
    'fixtures:',
    // every resource the emulator seeded, the supporting operations' included (theirs to delete)
    ...(['apig', 'elb', 'csms'] as const).map(
      (svc) => `  ${svc}: { ${Object.entries(f[svc]).map(([k, v]) => `${k}: ${scalar(String(v))}`).join(', ')} }`,
    ),
    '# the emulator\'s own secret values: no response may carry any of them',
    `knownSecrets: [${secrets.map(scalar).join(', ')}]`,
    '',
  ].join('\n');
}

/** Writes the file (owner-only), refusing to replace one this command did not write. */
export async function writeConfig(file: string, input: WriteConfigInput): Promise<void> {
  const existing = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (existing !== undefined && !existing.startsWith(WRITTEN_BY)) {
    throw new Error(`${file} exists and was not written by --write-config; not replacing it (choose another file)`);
  }
  await writeFile(file, configText(input), { encoding: 'utf8', mode: 0o600 });
}
