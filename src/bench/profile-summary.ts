/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time by function and by file,
 * heaviest first, so a profile can be read without a browser.
 *
 *   node --import tsx src/bench/profile-summary.ts PROFILE.cpuprofile [--top N]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  readonly name: string;
  readonly ms: number;
  readonly share: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly byFunction: readonly SelfTime[];
  readonly byFile: readonly SelfTime[];
  /** time with the function anywhere on the stack, for functions of ours (src/ or a bundle of it): where our code's time goes */
  readonly inclusiveOurs: readonly SelfTime[];
}

/**
 * A short, stable name for where code lives: a package name, a path under src/, a bundle of
 * src/ (`bundle:cli-main`, see cli/bundle.js), or a V8 category.
 */
export function fileLabel(url: string): string {
  if (url === '') return '(native/vm)';
  const file = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  const bundle = /\/node_modules\/\.cache\/hwcloud-conformance\/bundle\/(.+)-[0-9a-f]+\.mjs$/.exec(file);
  if (bundle) return `bundle:${bundle[1]}`;
  const nm = file.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + '/node_modules/'.length).split('/');
    return `npm:${rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  const src = file.lastIndexOf('/src/');
  if (src >= 0) return file.slice(src + 1);
  if (file.startsWith('node:')) return file;
  return path.basename(file);
}

export function summarise(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n] as const));
  const selfUs = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
    total += dt;
  }
  const fns = new Map<string, number>();
  const files = new Map<string, number>();
  const label = (f: ProfileNode['callFrame']) => `${f.functionName || '(anonymous)'}  ${fileLabel(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
  for (const [id, us] of selfUs) {
    const f = byId.get(id)?.callFrame;
    if (!f) continue;
    const fn = label(f);
    fns.set(fn, (fns.get(fn) ?? 0) + us);
    const file = fileLabel(f.url);
    files.set(file, (files.get(file) ?? 0) + us);
  }
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    // bounded by the tree's depth; the guard only protects against a malformed profile
    for (let cur: number | undefined = id, depth = 0; cur !== undefined && depth < 10_000; cur = parent.get(cur), depth++) {
      const f = byId.get(cur)?.callFrame;
      if (f && /^(src\/|bundle:)/.test(fileLabel(f.url))) seen.add(label(f));
    }
    for (const fn of seen) inclusive.set(fn, (inclusive.get(fn) ?? 0) + us);
  }
  const rank = (m: Map<string, number>): SelfTime[] =>
    [...m]
      .map(([name, us]) => ({ name, ms: us / 1000, share: total > 0 ? us / total : 0 }))
      .sort((a, b) => b.ms - a.ms);
  return { totalMs: total / 1000, byFunction: rank(fns), byFile: rank(files), inclusiveOurs: rank(inclusive) };
}

function formatSummary(s: ProfileSummary, top: number): string {
  const row = (t: SelfTime) => `${t.ms.toFixed(1).padStart(9)} ms ${(t.share * 100).toFixed(1).padStart(5)} %  ${t.name}`;
  return [
    `total sampled: ${s.totalMs.toFixed(0)} ms`,
    '',
    'self time by file',
    ...s.byFile.slice(0, top).map(row),
    '',
    'self time by function',
    ...s.byFunction.slice(0, top).map(row),
    '',
    'inclusive time, functions of ours (src/ or a bundle of it)',
    ...s.inclusiveOurs.slice(0, top).map(row),
  ].join('\n');
}

function main(argv: string[]): number {
  const topAt = argv.indexOf('--top');
  const top = topAt >= 0 ? Number(argv[topAt + 1]) : 30;
  const files = argv.filter((a, i) => a !== '--top' && (topAt < 0 || i !== topAt + 1));
  if (files.length === 0 || !Number.isInteger(top) || top < 1) {
    process.stderr.write('usage: node --import tsx src/bench/profile-summary.ts PROFILE.cpuprofile… [--top N]\n');
    return 2;
  }
  // One summary per file: `--cpu-prof` writes one profile per thread (tsx's loader has its own).
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    process.stdout.write(`== ${path.basename(file)}\n${formatSummary(summarise(profile), top)}\n\n`);
  }
  return 0;
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) process.exitCode = main(process.argv.slice(2));
