#!/usr/bin/env node
// The published entry. Installed from the package: the bundle made at pack time (conform.mjs,
// pack-bundle.js); the TypeScript sources do not travel. In a clone: a bundle of the current
// sources when one is current, else the sources through tsx's loader (bundle.js). Either way
// there is no build step.
import { existsSync } from 'node:fs';

if (existsSync(new URL('./main.ts', import.meta.url))) {
  const { runEntry } = await import('./bundle.js');
  await runEntry('cli/main.ts');
} else {
  await import(new URL('./conform.mjs', import.meta.url).href);
}
