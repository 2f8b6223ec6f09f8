#!/usr/bin/env node
// The published entry: a prebuilt bundle of the TypeScript sources when one is current
// (bundle.js), else the sources themselves through tsx's loader. Either way there is no build step.
import { currentBundle } from './bundle.js';

const bundle = await currentBundle();
if (bundle) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./main.ts');
}
