#!/usr/bin/env node
// The published entry: a prebuilt bundle of the TypeScript sources when one is current, else
// the sources themselves through tsx's loader (bundle.js). Either way there is no build step.
import { runEntry } from './bundle.js';

await runEntry('cli/main.ts');
