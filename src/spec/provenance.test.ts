/**
 * (d) Provenance: every operation, parameter, request body and property, response and rule names
 * its source, the source is one of the five seed documents or the twelve pages around them
 * (seeds/extra/), its table (or section heading) is printed in that document's original text,
 * and its quote, if any, is in that table or section.
 *
 * The originals live outside the repository (../shared/seeds beside the checkout, or
 * HWC_SEEDS_DIR); without them the document checks are skipped, never passed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpecs, type Source, type Spec } from './index.ts';

const SEEDS = [
  '000_27988a3245157b16.txt',
  '001_91e26b5751280585.txt',
  '002_268ff6783fb8df08.txt',
  '003_233e8622fff67305.txt',
  '004_99938a42c99dfbac.txt',
];
/** The supporting operations' pages, in seeds/extra/. */
const EXTRA = [
  'apig-shared-ViewApp.md',
  'apig-shared-DeleteApp.md',
  'apig-dedicated-CreateApp.md',
  'apig-dedicated-ViewApp.md',
  'apig-dedicated-DeleteApp.md',
  'elb-classic-CreateCertificate.md',
  'elb-classic-ListCertificates.md',
  'elb-classic-DeleteCertificate.md',
  'csms-CreateSecret.md',
  'csms-ShowSecretStage.md',
  'csms-ListSecretVersions.md',
  'csms-DeleteSecret.md',
];
const DOCS = [...SEEDS, ...EXTRA];
const seedsDir = process.env.HWC_SEEDS_DIR ?? fileURLToPath(new URL('../../../shared/seeds/', import.meta.url));
const pathOf = (doc: string) => `${seedsDir}/${EXTRA.includes(doc) ? 'extra/' : ''}${doc}`;
const haveSeeds = DOCS.every((f) => existsSync(pathOf(f)));

let specs: Spec[];
beforeAll(async () => {
  specs = await loadSpecs();
});

interface Sourced {
  readonly where: string;
  readonly source: Source | undefined;
}

/** Everything the brief says must carry x-hwc-source, via the typed operations. */
function sourced(): Sourced[] {
  return specs.flatMap((spec) =>
    spec.operations.flatMap((op) => [
      { where: `${op.id}`, source: op.source },
      ...op.params.map((p) => ({ where: `${op.id} parameter ${p.name}`, source: p.source })),
      ...(op.requestBody
        ? [
            { where: `${op.id} request body`, source: op.requestBody.source },
            ...Object.entries(op.requestBody.schema.properties ?? {}).map(([name, p]) => ({
              where: `${op.id} request property ${name}`,
              source: (p as { 'x-hwc-source'?: Source })['x-hwc-source'],
            })),
          ]
        : []),
      ...op.responses.map((r) => ({ where: `${op.id} response ${r.status}`, source: r.source })),
      ...op.rules.map((r) => ({ where: `${op.id} rule ${r.id}`, source: r.source })),
    ]),
  );
}

/** Every x-hwc-source anywhere in the documents (security schemes too). */
function allSources(node: unknown, where: string, out: Sourced[] = []): Sourced[] {
  if (typeof node !== 'object' || node === null) return out;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'x-hwc-source') out.push({ where, source: value as Source });
    else allSources(value, `${where}/${key}`, out);
  }
  return out;
}

/** Text as a reader sees it: no tags, entities decoded, no markdown escapes, one space for any run. */
function plain(html: string): string {
  return spaced(
    html
      .replace(/<[^>]*>/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/\\([{}_[\]*])/g, '$1'),
  );
}

const spaced = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The raw text of a table (`表 N` up to the next table or heading) or of a `## heading` section. */
function section(original: string, table: string): string | undefined {
  const escaped = table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const start = /^表 \d+$/.test(table)
    ? new RegExp(`\\*\\*${escaped}\\*\\*`).exec(original)
    : new RegExp(`^## ${escaped}(<a [^>]*></a>)?\\s*$`, 'm').exec(original);
  if (!start) return undefined;
  const rest = original.slice(start.index + start[0].length);
  // a table ends at the next table or heading; a section holds its tables and ends at a heading
  const end = rest.search(/^表 \d+$/.test(table) ? /\*\*表 \d+\*\*|^## /m : /^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}

describe('provenance', () => {
  it('everything that must name a source does', () => {
    const missing = sourced().filter((s) => s.source === undefined).map((s) => s.where);
    expect(missing).toEqual([]);
    expect(sourced().length).toBeGreaterThan(50);
  });

  it('every source names one of the five seed documents or the twelve pages around them', () => {
    const all = specs.flatMap((s) => allSources(s.document, s.file));
    expect(all.filter((s) => !DOCS.includes(s.source!.doc)).map((s) => s.where)).toEqual([]);
  });

  it('operations cite the document the seeds README assigns them', () => {
    const docOf = Object.fromEntries(specs.flatMap((s) => s.operations.map((o) => [o.id, o.source.doc])));
    expect(docOf).toEqual({
      ResetAppSecret: '000_27988a3245157b16.txt',
      CreateApp: '001_91e26b5751280585.txt',
      UpdateCertificate: '002_268ff6783fb8df08.txt',
      RotateSecret: '003_233e8622fff67305.txt',
      ShowSecret: '004_99938a42c99dfbac.txt',
      ViewApp: 'apig-shared-ViewApp.md',
      DeleteApp: 'apig-shared-DeleteApp.md',
      CreateDedicatedApp: 'apig-dedicated-CreateApp.md',
      ViewDedicatedApp: 'apig-dedicated-ViewApp.md',
      DeleteDedicatedApp: 'apig-dedicated-DeleteApp.md',
      CreateCertificate: 'elb-classic-CreateCertificate.md',
      ListCertificates: 'elb-classic-ListCertificates.md',
      DeleteCertificate: 'elb-classic-DeleteCertificate.md',
      CreateSecret: 'csms-CreateSecret.md',
      ShowSecretStage: 'csms-ShowSecretStage.md',
      ListSecretVersions: 'csms-ListSecretVersions.md',
      DeleteSecret: 'csms-DeleteSecret.md',
    });
    for (const op of specs.flatMap((s) => s.operations)) {
      const docs = sourced().filter((s) => s.where.startsWith(`${op.id} `) || s.where === op.id).map((s) => s.source!.doc);
      expect(new Set(docs), op.id).toEqual(new Set([op.source.doc]));
    }
  });

  describe.skipIf(!haveSeeds)(`against the original documents in ${seedsDir}`, () => {
    const originals = new Map(DOCS.filter(() => haveSeeds).map((f) => [f, readFileSync(pathOf(f), 'utf8')]));

    it('each table or section a source names is printed in its document', () => {
      const bad = specs
        .flatMap((s) => allSources(s.document, s.file))
        .filter(({ source }) => section(originals.get(source!.doc)!, source!.table) === undefined)
        .map(({ where, source }) => `${where}: ${source!.doc} has no ${source!.table}`);
      expect(bad).toEqual([]);
    });

    it('each quote is in the table or section its source names', () => {
      const bad = specs
        .flatMap((s) => allSources(s.document, s.file))
        .filter(({ source }) => source!.quote !== undefined)
        .filter(({ source }) => !plain(section(originals.get(source!.doc)!, source!.table) ?? '').includes(spaced(source!.quote!)))
        .map(({ where, source }) => `${where}: "${source!.quote}" not in ${source!.doc} ${source!.table}`);
      expect(bad).toEqual([]);
    });

    it('the section finder tells tables apart (表 1 is not 表 10)', () => {
      const rotate = originals.get('003_233e8622fff67305.txt')!;
      expect(plain(section(rotate, '表 1')!)).toContain('secret_name');
      expect(plain(section(rotate, '表 1')!)).not.toContain('ErrorDetail');
      expect(plain(section(rotate, '表 10')!)).toContain('ErrorDetail');
      expect(section(rotate, '表 18')).toBeUndefined();
      expect(section(rotate, '没有这一节')).toBeUndefined();
    });
  });
});
