// The engine child (engine-child.ts), bundled as `conform` is (../cli/bundle.js).
import { runEntry } from '../cli/bundle.js';

await runEntry('bench/engine-child.ts');
