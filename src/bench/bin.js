// `npm run bench`: the benchmark runs bundled, as `conform` does (../cli/bundle.js), so it
// measures the code users run.
import { runEntry } from '../cli/bundle.js';

await runEntry('bench/main.ts');
