/**
 * Every rule a report cites names its page by operation and title and links to the page's
 * public source (../shared/seeds/README.md, "Public sources"), keeping the table, the quote
 * and the seed file as the local copy; the mapping lives in the specs (`x-hwc-documents`).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConformError } from '../errors.ts';
import { failureLines } from '../report/console.ts';
import { renderHtml, renderJunit, renderMarkdown } from '../report/index.ts';
import { DEFAULT_SPECS_DIR, loadSpec } from '../spec/index.ts';
import { runAgainst, suiteSpecs } from '../test-support/target.ts';

// The five pages and their public sources, as the seeds README lists them.
const PUBLIC: Record<string, [string, string, string]> = {
  '000_27988a3245157b16.txt': ['ResetAppSecret', '重置密钥', 'https://github.com/huaweicloudDocs/apig/blob/master/cn.zh-cn/API参考/v1-ResettingAppSecret.md'],
  '001_91e26b5751280585.txt': ['CreateApp', '创建APP', 'https://github.com/huaweicloudDocs/apig/blob/master/cn.zh-cn/API参考/CreateAPP.md'],
  '002_268ff6783fb8df08.txt': ['UpdateCertificate', '修改证书', 'https://github.com/huaweicloudDocs/elb/blob/'],
  '003_233e8622fff67305.txt': ['RotateSecret', '轮转凭据', 'https://github.com/huaweicloudDocs/dew/blob/master/cn.zh-cn/API参考/轮转凭据.md'],
  '004_99938a42c99dfbac.txt': ['ShowSecret', '查询凭据', 'https://github.com/huaweicloudDocs/dew/blob/master/cn.zh-cn/API参考/查询凭据.md'],
  // seeds/extra/README.md, "Public sources"
  'apig-shared-ViewApp.md': ['ViewApp', '查看APP详情', 'https://github.com/huaweicloudDocs/apig/blob/master/cn.zh-cn/API参考/ViewAPP.md'],
  'apig-shared-DeleteApp.md': ['DeleteApp', '删除APP', 'https://github.com/huaweicloudDocs/apig/blob/master/cn.zh-cn/API参考/DeleteAPP.md'],
  'apig-dedicated-CreateApp.md': ['CreateDedicatedApp', '创建APP', 'https://github.com/huaweicloudDocs/apig/blob/master/cn.zh-cn/API参考/v1-CreateAPP.md'],
  'apig-dedicated-ViewApp.md': ['ViewDedicatedApp', '查看APP详情', 'https://github.com/huaweicloudDocs/apig/blob/master/cn.zh-cn/API参考/v1-ViewAPP.md'],
  'apig-dedicated-DeleteApp.md': ['DeleteDedicatedApp', '删除APP', 'https://github.com/huaweicloudDocs/apig/blob/master/cn.zh-cn/API参考/v1-DeleteAPP.md'],
  'elb-classic-CreateCertificate.md': ['CreateCertificate', '创建证书', 'https://github.com/huaweicloudDocs/elb/blob/'],
  'elb-classic-ListCertificates.md': ['ListCertificates', '查询证书列表', 'https://github.com/huaweicloudDocs/elb/blob/'],
  'elb-classic-DeleteCertificate.md': ['DeleteCertificate', '删除证书', 'https://github.com/huaweicloudDocs/elb/blob/'],
  'csms-CreateSecret.md': ['CreateSecret', '创建凭据', 'https://github.com/huaweicloudDocs/dew/blob/master/cn.zh-cn/API参考/创建凭据.md'],
  'csms-ShowSecretStage.md': ['ShowSecretStage', '查询凭据的版本状态', 'https://github.com/huaweicloudDocs/dew/blob/master/cn.zh-cn/API参考/查询凭据的版本状态.md'],
  'csms-ListSecretVersions.md': ['ListSecretVersions', '查询凭据的版本列表', 'https://github.com/huaweicloudDocs/dew/blob/master/cn.zh-cn/API参考/查询凭据的版本列表.md'],
  'csms-DeleteSecret.md': ['DeleteSecret', '立即删除凭据', 'https://github.com/huaweicloudDocs/dew/blob/master/cn.zh-cn/API参考/立即删除凭据.md'],
};

/** Every `x-hwc-source` in a raw document, rules included. */
function sources(node: unknown, out: { doc: string }[] = []): { doc: string }[] {
  if (typeof node !== 'object' || node === null) return out;
  for (const [k, v] of Object.entries(node)) {
    if (k === 'x-hwc-source') out.push(v as { doc: string });
    else sources(v, out);
  }
  return out;
}

describe('citations', { timeout: 30_000 }, () => {
  it('each spec names the public page of every document it cites, as the seeds README gives it', async () => {
    for (const spec of await suiteSpecs()) {
      const cited = new Set(sources(spec.document).map((s) => s.doc));
      expect(cited.size, spec.file).toBeGreaterThan(0);
      for (const doc of cited) {
        const page = spec.documents[doc];
        expect(page, `${spec.file}: ${doc}`).toBeDefined();
        const [operation, title, url] = PUBLIC[doc]!;
        expect([page!.operation, page!.title]).toEqual([operation, title]);
        expect(page!.url.startsWith(url)).toBe(true);
        expect(spec.operations.map((o) => o.id)).toContain(page!.operation);
      }
    }
    // the classic-ELB page is no longer on the default branch: a pinned revision, and a note saying so
    const elb = (await suiteSpecs()).find((s) => s.service === 'elb')!.documents['002_268ff6783fb8df08.txt']!;
    expect(elb.url).toMatch(/^https:\/\/github\.com\/huaweicloudDocs\/elb\/blob\/[0-9a-f]{40}\/cn\.zh-cn\/API参考\/修改证书\.md$/);
    expect(elb.note).toMatch(/classic-ELB revision/);
  });

  it('a spec that lists pages but not one it cites is refused, naming the document', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conform-cite-'));
    try {
      const text = await readFile(join(DEFAULT_SPECS_DIR, 'apig.yaml'), 'utf8');
      const without = text.replace(/\n {2}000_27988a3245157b16\.txt:\n(?: {4}.*\n)+/, '\n');
      expect(without).not.toBe(text);
      await writeFile(join(dir, 'apig.yaml'), without);
      const e = await loadSpec(join(dir, 'apig.yaml')).then(() => undefined, (x: unknown) => x);
      expect(e).toBeInstanceOf(ConformError);
      expect((e as ConformError).code).toBe('CONFORM_SPEC_EXTENSION');
      expect((e as ConformError).oneLine()).toMatch(/000_27988a3245157b16\.txt has no entry in x-hwc-documents/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('every report cites a failing rule by operation, title, table, quote, public link and local copy', async () => {
    // the engine cites each record as it makes it: no step after the run is needed
    const result = await runAgainst({ fault: 'show-secret-leaks-value', cases: 5 });
    const f = result.failures.find((x) => x.check === 'metadata-only')!;
    expect(f, 'the fault is caught').toBeDefined();
    const page = PUBLIC['004_99938a42c99dfbac.txt']!;
    expect(f.source.page).toMatchObject({ operation: page[0], title: page[1], url: page[2] });
    expect(f.source.quote).toBeDefined();
    const md = renderMarkdown(result);
    expect(md).toContain(`[ShowSecret 查询凭据](<${encodeURI(page[2])}>)`);
    expect(md).toContain('local copy `004_99938a42c99dfbac.txt`');
    const html = renderHtml(result);
    expect(html).toContain(`<a href="${encodeURI(page[2])}"`);
    expect(html).toContain('ShowSecret 查询凭据</a>');
    for (const text of [renderJunit(result), failureLines(f)]) {
      expect(text).toContain(`ShowSecret “查询凭据”, ${f.source.table} — ${page[2]} (local copy 004_99938a42c99dfbac.txt)`);
      expect(text).toContain(f.source.quote!.slice(0, 10));
    }
  }, 60_000);
});
