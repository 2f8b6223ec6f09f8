/**
 * `npm pack` runs this first (prepack): it bundles the CLI into src/cli/conform.mjs, which the
 * package ships instead of the TypeScript sources, so an installed `conform` needs no build step
 * and no dev dependency (esbuild, tsx). Afterwards (postpack, `--clean`) the file is removed
 * again; a clone never runs it anyway, since bin.js takes it only where the sources are absent.
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildEntry } from './bundle.js';

const PREBUILT = fileURLToPath(new URL('./conform.mjs', import.meta.url));

if (process.argv.includes('--clean')) rmSync(PREBUILT, { force: true });
else await buildEntry('cli/main.ts', PREBUILT);
