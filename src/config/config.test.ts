import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConformError } from '../errors.ts';
import { catalogOf, loadSpecs, type SpecCatalog } from '../spec/index.ts';
import { DEFAULTS, ENVIRONMENT, parseFlags, resolveConfig, type Flags } from './index.ts';
import { thrownConformError } from './thrown.ts';

const KNOWN_CHECKS = ['status-code', 'schema', 'masking', 'content-type'];
const KNOWN_OPERATIONS = ['CreateApp', 'ResetAppSecret', 'UpdateCertificate', 'RotateSecret', 'ShowSecret'];

// the services, endpoints and fixtures the package's specs name
let CATALOG: SpecCatalog;
beforeAll(async () => {
  CATALOG = catalogOf(await loadSpecs());
});

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** A fresh directory with these files (relative path → text). */
function project(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'conform-config-'));
  roots.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function resolve(cwd: string, argv: string[] = [], env: Record<string, string | undefined> = {}, knownOperations: readonly string[] = KNOWN_OPERATIONS) {
  return resolveConfig({ flags: parseFlags(argv), env, cwd, knownChecks: KNOWN_CHECKS, knownOperations, catalog: CATALOG });
}

const failure = thrownConformError;

const FIXTURES = `projectId: 9f2c0d4e5a6b4c1d8e7f0a1b2c3d4e5f
fixtures:
  apig: { instanceId: inst-1, appId: app-1 }
  elb: { certificateId: cert-1 }
  csms: { rotatableSecret: rot-1, commonSecret: common-1 }
`;

/** The example from the documentation, verbatim apart from the elided AK/SK and IAM lines. */
const FULL = `target: http://127.0.0.1:4010          # or per service: { apig: URL, elb: URL, csms: URL }
region: cn-north-4                     # optional
auth:
  token: \${HWC_AUTH_TOKEN}             # X-Auth-Token
${FIXTURES}knownSecrets: [\${HWC_SECRET_VALUE}]
operations: [CreateApp, ShowSecret]      # optional subset
run: { seed: 1, cases: 100, concurrency: 8, timeoutMs: 10000, totalTimeoutMs: 600000, rate: 0, maxRequests: 0, allowMutations: false, dryRun: false }
report: { dir: reports, formats: [html, json, junit, md] }
checks: { masking: true, content-type: false }
baseline: known-deviations.yaml
`;

describe('parseFlags', () => {
  it('reads every run flag', () => {
    const f = parseFlags([
      '--config', 'c.yaml', '--target', 'http://a', '--target=http://b', '--token', 'T',
      '--operations', 'CreateApp,ShowSecret', '--operations', 'RotateSecret', '--seed', '-7', '--cases', '5',
      '--concurrency', '4', '--timeout', '2500', '--report-dir', 'out', '--format', 'html,md', '--baseline', 'b.yaml',
      '--region', 'cn-north-4', '--allow-mutations', '--dry-run', '--rate', '2.5/s', '--max-requests', '100', '--record', 'rec.ndjson',
    ]);
    expect(f).toEqual({
      config: 'c.yaml',
      target: ['http://a', 'http://b'],
      token: 'T',
      operations: ['CreateApp', 'ShowSecret', 'RotateSecret'],
      seed: -7,
      cases: 5,
      concurrency: 4,
      timeoutMs: 2500,
      reportDir: 'out',
      formats: ['html', 'md'],
      baseline: 'b.yaml',
      region: 'cn-north-4',
      allowMutations: true,
      dryRun: true,
      rate: 2.5,
      maxRequests: 100,
      record: 'rec.ndjson',
    });
    expect(Object.isFrozen(f)).toBe(true);
    expect(Object.isFrozen(f.target)).toBe(true);
    expect(parseFlags([])).toEqual({});
    expect(parseFlags(['--rate', '10']).rate).toBe(10);
  });

  it.each([
    [['--bogus'], /^unknown option '--bogus'; known: --config, --target, /],
    [['--seed'], /^--seed needs a value$/],
    [['--seed', 'abc'], /^--seed expects a whole number, got 'abc'$/],
    [['--cases', '-1'], /^--cases expects a whole number ≥ 0, got '-1'$/],
    [['--rate', 'fast'], /^--rate expects requests per second \(N or N\/s\), got 'fast'$/],
    [['--format', 'html,pdf'], /^unknown report format 'pdf' in --format; known: html, json, junit, md$/],
    [['--dry-run=yes'], /^--dry-run takes no value$/],
    [['--seed', '1', '--seed', '2'], /^--seed given more than once$/],
    [['stray'], /^unexpected argument 'stray'/],
    [['--token', ''], /^--token needs a value$/],
  ])('%j is one CONFORM_USAGE line', (argv, message) => {
    const e = failure(() => parseFlags(argv));
    expect(e.code).toBe('CONFORM_USAGE');
    expect(e.message).toMatch(message);
    expect(e.oneLine()).not.toContain('\n');
  });
});

describe('resolveConfig', () => {
  it('with nothing configured: defaults, no target, fixtures left for the emulator', () => {
    const cwd = project();
    const c = resolve(cwd);
    expect(c.target).toBeUndefined();
    expect(c.projectId).toBe('');
    expect(c.fixtures).toEqual({});
    expect(c.run).toEqual(DEFAULTS.run);
    expect(c.report).toEqual({ dir: path.join(cwd, 'reports'), formats: ['html', 'json', 'junit', 'md'] });
    expect(c.checks).toEqual({});
    expect(c.knownSecrets).toEqual([]);
    expect(c.operations).toBeUndefined();
    expect(c.baseline).toBeUndefined();
    expect(path.isAbsolute(c.specsDir)).toBe(true);
  });

  it('reads the documented conform.yaml, interpolating the environment', () => {
    const cwd = project({ 'conform.yaml': FULL });
    const c = resolve(cwd, [], { HWC_AUTH_TOKEN: 'tok-123', HWC_SECRET_VALUE: 'the-secret' });
    expect(c.target).toEqual({ apig: 'http://127.0.0.1:4010', elb: 'http://127.0.0.1:4010', csms: 'http://127.0.0.1:4010' });
    expect(c.region).toBe('cn-north-4');
    expect(c.auth).toEqual({ token: 'tok-123' });
    expect(c.projectId).toBe('9f2c0d4e5a6b4c1d8e7f0a1b2c3d4e5f');
    expect(c.fixtures).toEqual({
      apig: { instanceId: 'inst-1', appId: 'app-1' },
      elb: { certificateId: 'cert-1' },
      csms: { rotatableSecret: 'rot-1', commonSecret: 'common-1' },
    });
    expect(c.knownSecrets).toEqual(['the-secret']);
    expect(c.operations).toEqual(['CreateApp', 'ShowSecret']);
    expect(c.run).toEqual(DEFAULTS.run);
    expect(c.checks).toEqual({ masking: true, 'content-type': false });
    expect(c.baseline).toBe(path.join(cwd, 'known-deviations.yaml'));
  });

  it('returns a deep-frozen config and never writes to its inputs', () => {
    const cwd = project({ 'conform.yaml': FULL });
    const flags: Flags = Object.freeze({ seed: 9, operations: Object.freeze(['CreateApp']) });
    const env = Object.freeze({ HWC_AUTH_TOKEN: 't', HWC_SECRET_VALUE: 's' });
    const c = resolveConfig({ flags, env, cwd, knownChecks: Object.freeze([...KNOWN_CHECKS]), knownOperations: KNOWN_OPERATIONS, catalog: CATALOG });
    for (const v of [c, c.target, c.auth, c.fixtures, c.fixtures['apig'], c.run, c.report, c.report.formats, c.checks, c.knownSecrets, c.operations]) {
      expect(Object.isFrozen(v)).toBe(true);
    }
    expect(c.operations).not.toBe(flags.operations);
  });

  describe('${VAR} interpolation', () => {
    it('uses a default when the variable is unset or empty; $${ is a literal', () => {
      const cwd = project({
        'conform.yaml': `operations: [\${OP:-ShowSecret}]\nauth: { token: "Bearer-\${TOKEN:-none}" }\nknownSecrets: ["$\${NOT_A_VAR}", "\${EMPTY:-fallback}"]\n`,
      });
      const c = resolve(cwd, [], { EMPTY: '' });
      expect(c.operations).toEqual(['ShowSecret']);
      expect(c.auth.token).toBe('Bearer-none');
      expect(c.knownSecrets).toEqual(['${NOT_A_VAR}', 'fallback']);
    });

    it('an unset variable without default names the key path, the variable and the line', () => {
      const cwd = project({ 'conform.yaml': `${FIXTURES}target: http://127.0.0.1:4010\nauth:\n  token: \${HWC_AUTH_TOKEN}\n` });
      const e = failure(() => resolve(cwd));
      expect(e.code).toBe('CONFORM_CONFIG');
      expect(e.where).toBe('conform.yaml:8');
      expect(e.message).toMatch(/^auth\.token: environment variable HWC_AUTH_TOKEN is not set/);
    });

    it('an unset variable is no error where a flag or the environment gives the value', () => {
      const cwd = project({ 'conform.yaml': `auth:\n  token: \${HWC_AUTH_TOKEN}\nrun: { seed: \${SEED} }\n` });
      const c = resolve(cwd, ['--token', 'from-flag', '--seed', '4']);
      expect(c.auth.token).toBe('from-flag');
      expect(c.run.seed).toBe(4);
    });

    it('a value with YAML syntax in it stays a value', () => {
      const cwd = project({ 'conform.yaml': `knownSecrets: [\${S1}, \${S2}]\n` });
      const c = resolve(cwd, [], { S1: 'a: b, [c] # d', S2: '"quoted"\nline' });
      expect(c.knownSecrets).toEqual(['a: b, [c] # d', '"quoted"\nline']);
    });

    it('reads a whole-value reference as a number or boolean where the schema wants one', () => {
      const cwd = project({ 'conform.yaml': `run: { seed: \${SEED}, concurrency: \${C:-3}, dryRun: \${DRY} }\n` });
      const c = resolve(cwd, [], { SEED: '77', DRY: 'true' });
      expect(c.run.seed).toBe(77);
      expect(c.run.concurrency).toBe(3);
      expect(c.run.dryRun).toBe(true);
      const e = failure(() => resolve(cwd, [], { SEED: 'abc', DRY: 'true' }));
      expect(e.message).toBe('run.seed must be a whole number, not the string "abc"');
    });

    it('a variable that comes out empty leaves the key out', () => {
      const cwd = project({ 'conform.yaml': `region: \${REGION:-}\nknownSecrets: [\${A:-}, b-secret]\n` });
      const c = resolve(cwd);
      expect(c.region).toBeUndefined();
      expect(c.knownSecrets).toEqual(['b-secret']);
    });

    it('a malformed reference is an error, not a literal', () => {
      const cwd = project({ 'conform.yaml': `auth: { token: "\${1BAD}" }\n` });
      expect(failure(() => resolve(cwd)).message).toMatch(/^auth\.token: malformed variable reference/);
    });
  });

  describe('schema', () => {
    it('an unknown key is an error with its path, its line and the known keys', () => {
      const cwd = project({ 'conform.yaml': `run:\n  cases: 5\n  concurency: 4\n` });
      const e = failure(() => resolve(cwd));
      expect(e.code).toBe('CONFORM_CONFIG');
      expect(e.where).toBe('conform.yaml:3');
      expect(e.message).toBe(
        "unknown key 'concurency' in run; known: seed, cases, concurrency, timeoutMs, totalTimeoutMs, rate, maxRequests, giveUpAfter, allowMutations, dryRun",
      );
    });

    it('unknown keys are rejected at every level', () => {
      for (const [yaml, message] of [
        ['targte: http://x\n', /^unknown key 'targte'; known: target, region, auth, /],
        ['target: { apig: http://a, ecs: http://b }\n', /^unknown service 'ecs' in target; the specs name: apig, csms, elb/],
        ['auth: { iam: { url: http://i, domain: d, username: u, password: p, projectName: n, mfa: x } }\n', /^unknown key 'mfa' in auth\.iam; /],
        ['fixtures: { csms: { secret: x } }\n', /^unknown fixture 'secret' in fixtures\.csms; the specs name: rotatableSecret, commonSecret/],
        ['fixtures: { ecs: { serverId: x } }\n', /^unknown fixture 'serverId' in fixtures\.ecs; no spec names a fixture of ecs/],
        ['report: { format: [html] }\n', /^unknown key 'format' in report; known: dir, formats/],
      ] as const) {
        expect(failure(() => resolve(project({ 'conform.yaml': yaml }))).message).toMatch(message);
      }
    });

    it('wrong types and bad values are named', () => {
      const cases: Array<[string, string]> = [
        ['run: { cases: many }\n', 'run.cases must be a whole number, not the string "many"'],
        ['report: { formats: [html, pdf] }\n', 'report.formats[1]: unknown value the string "pdf"; known: html, json, junit, md'],
        ['checks: { masking: yes }\n', 'checks.masking must be true or false, not the string "yes"'],
        ['operations: []\n', 'operations must not be an empty list'],
        ['auth: { iam: { url: http://i } }\n', "auth.iam: missing 'domain' (and 3 more problems)"],
        ['- a\n- b\n', 'the file must be a mapping of settings (target:, auth:, run:, …)'],
      ];
      for (const [yaml, message] of cases) expect(failure(() => resolve(project({ 'conform.yaml': yaml }))).message).toBe(message);
    });

    it('invalid YAML points at its line', () => {
      const e = failure(() => resolve(project({ 'conform.yaml': 'run:\n  cases: [1,\n' })));
      expect(e.code).toBe('CONFORM_CONFIG');
      expect(e.where).toMatch(/^conform\.yaml:\d+$/);
      expect(e.message).toMatch(/^not valid YAML: /);
    });
  });

  describe('precedence: defaults < file < environment < flags', () => {
    const file = `${FIXTURES}target: http://file:1\nauth: { token: file-token }\nrun: { seed: 10, cases: 20 }\nreport: { dir: file-reports }\n`;

    it('the file over defaults', () => {
      const cwd = project({ 'conform.yaml': file });
      const c = resolve(cwd);
      expect(c.run.seed).toBe(10);
      expect(c.run.cases).toBe(20);
      expect(c.run.concurrency).toBe(DEFAULTS.run.concurrency);
      expect(c.target?.apig).toBe('http://file:1');
      expect(c.auth.token).toBe('file-token');
      expect(c.report.dir).toBe(path.join(cwd, 'file-reports'));
    });

    it('the environment over the file', () => {
      const cwd = project({ 'conform.yaml': file });
      const c = resolve(cwd, [], { CONFORM_TARGET: 'http://env:2/', HWC_AUTH_TOKEN: 'env-token', CONFORM_SEED: '11' });
      expect(c.target).toEqual({ apig: 'http://env:2', elb: 'http://env:2', csms: 'http://env:2' });
      expect(c.auth.token).toBe('env-token');
      expect(c.run.seed).toBe(11);
    });

    it('flags over the environment', () => {
      const cwd = project({ 'conform.yaml': file });
      const c = resolve(cwd, ['--target', 'http://flag:3', '--token', 'flag-token', '--seed', '12', '--report-dir', 'out'], {
        CONFORM_TARGET: 'http://env:2',
        HWC_AUTH_TOKEN: 'env-token',
        CONFORM_SEED: '11',
      });
      expect(c.target?.csms).toBe('http://flag:3');
      expect(c.auth.token).toBe('flag-token');
      expect(c.run.seed).toBe(12);
      expect(c.report.dir).toBe(path.join(cwd, 'out'));
    });

    it('an empty environment variable counts as unset', () => {
      const cwd = project({ 'conform.yaml': file });
      expect(resolve(cwd, [], { CONFORM_TARGET: '', CONFORM_SEED: '' }).target?.apig).toBe('http://file:1');
    });

    it('documents the environment variables it reads', () => {
      expect(ENVIRONMENT.map((v) => v.name)).toEqual(['CONFORM_TARGET', 'HWC_AUTH_TOKEN', 'HWC_AUTH_TOKEN_FILE', 'HWC_ACCESS_KEY', 'HWC_SECRET_KEY', 'CONFORM_SEED']);
    });
  });

  describe('validation', () => {
    it('numbers: from the file a CONFORM_CONFIG at the line, from a flag a CONFORM_USAGE', () => {
      const fromFile = failure(() => resolve(project({ 'conform.yaml': 'run:\n  concurrency: 0\n' })));
      expect(fromFile.code).toBe('CONFORM_CONFIG');
      expect(fromFile.where).toBe('conform.yaml:2');
      expect(fromFile.message).toBe('run.concurrency must be a whole number from 1 to 256, got 0');
      const fromFlag = failure(() => resolve(project(), ['--concurrency', '300']));
      expect(fromFlag.code).toBe('CONFORM_USAGE');
      expect(fromFlag.message).toBe('--concurrency must be a whole number from 1 to 256, got 300');
      expect(failure(() => resolve(project(), ['--timeout', '0'])).message).toBe('--timeout must be a whole number ≥ 1, got 0');
      expect(failure(() => resolve(project({ 'conform.yaml': 'run: { cases: -1 }\n' }))).message).toBe('run.cases must be a whole number ≥ 0, got -1');
      expect(failure(() => resolve(project({ 'conform.yaml': 'run: { rate: -1 }\n' }))).message).toBe(
        'run.rate must be a number of requests per second ≥ 0, got -1',
      );
      // a fraction below one is one request every 1/r seconds; 2.5 per second could only be rounded
      expect(resolve(project(), ['--rate', '0.5/s']).run.rate).toBe(0.5);
      expect(resolve(project({ 'conform.yaml': 'run: { rate: 0.25 }\n' })).run.rate).toBe(0.25);
      expect(failure(() => resolve(project({ 'conform.yaml': 'run: { rate: 2.5 }\n' }))).message).toMatch(/or a fraction below 1 .*got 2\.5; use 2 or 0 for no limit$/);
      const env = failure(() => resolve(project(), [], { CONFORM_SEED: 'abc' }));
      expect(env.message).toMatch(/^CONFORM_SEED must be a whole number, got 'abc'/);
    });

    it('URLs: http or https, no credentials, no query', () => {
      expect(failure(() => resolve(project(), ['--target', 'ftp://x'])).message).toBe('--target must be an http or https URL, got ftp');
      expect(failure(() => resolve(project(), ['--target', 'not a url'])).message).toMatch(/^--target: 'not a url' is not an absolute URL/);
      const cred = failure(() => resolve(project(), ['--target', 'http://user:pw@host']));
      expect(cred.message).toBe('--target must not carry a user name or password; use auth: instead');
      expect(cred.message).not.toContain('pw');
      expect(failure(() => resolve(project(), ['--target', 'http://h/?a=1'])).message).toMatch(/without query or fragment/);
      const iam = failure(() => resolve(project({ 'conform.yaml': 'auth: { iam: { url: file:///x, domain: d, username: u, password: p, projectName: n } }\n' })));
      expect(iam.message).toBe('auth.iam.url must be an http or https URL, got file');
    });

    it('one URL per service, a region filling the services left out', () => {
      const perService = resolve(project({ 'conform.yaml': `${FIXTURES}target: { apig: 'http://a/', elb: http://b, csms: https://c }\n` }));
      expect(perService.target).toEqual({ apig: 'http://a', elb: 'http://b', csms: 'https://c' });
      const withRegion = resolve(project({ 'conform.yaml': `${FIXTURES}region: cn-north-4\ntarget: { csms: http://127.0.0.1:9 }\n` }));
      expect(withRegion.target).toEqual({
        apig: 'https://apig.cn-north-4.myhuaweicloud.com',
        elb: 'https://elb.cn-north-4.myhuaweicloud.com',
        csms: 'http://127.0.0.1:9',
      });
      expect(failure(() => resolve(project({ 'conform.yaml': `${FIXTURES}target: { apig: http://a }\n` }))).message).toBe(
        'no endpoint for csms: set region (e.g. cn-north-4) or target.csms',
      );
      expect(failure(() => resolve(project({ 'conform.yaml': FIXTURES }), ['--region', 'north'])).code).toBe('CONFORM_USAGE');
    });

    it('more than one --target is for conform diff', () => {
      const e = failure(() => resolve(project(), ['--target', 'http://a', '--target', 'http://b']));
      expect(e.code).toBe('CONFORM_USAGE');
      expect(e.message).toMatch(/--target given 2 times/);
    });

    it('a target needs the fixtures and the project id', () => {
      const e = failure(() => resolve(project({ 'conform.yaml': 'fixtures: { apig: { instanceId: i } }\n' }), ['--target', 'http://127.0.0.1:1']));
      expect(e.code).toBe('CONFORM_CONFIG');
      expect(e.message).toBe(
        'a target is set, so conform.yaml must name the resources the run works on; missing: projectId, fixtures.csms.rotatableSecret',
      );
      expect(failure(() => resolve(project(), ['--target', 'http://127.0.0.1:1'])).message).toMatch(/\(no conform\.yaml was found; pass --config FILE\)$/);
    });

    it('asks only for the fixtures of the operations selected, as their specs name them', () => {
      const e = failure(() => resolve(project({ 'conform.yaml': 'projectId: p\n' }), ['--target', 'http://127.0.0.1:1', '--operations', 'ShowSecret']));
      expect(e.message).toMatch(/missing: fixtures\.csms\.rotatableSecret$/);
      const c = resolve(project({ 'conform.yaml': 'projectId: p\nfixtures: { csms: { rotatableSecret: s } }\n' }), ['--target', 'http://127.0.0.1:1', '--operations', 'ShowSecret']);
      expect(c.fixtures).toEqual({ csms: { rotatableSecret: 's' } });
      expect(resolve(project(), ['--target', 'http://127.0.0.1:1', '--operations', 'CreateApp']).projectId).toBe('');
    });

    it('on a live account, not the fixtures of mutating operations it will skip without --allow-mutations', () => {
      const live = ['--region', 'cn-north-4'];
      expect(failure(() => resolve(project({ 'conform.yaml': 'projectId: p\n' }), live)).message).toMatch(/missing: fixtures\.csms\.rotatableSecret$/);
      // with --allow-mutations a throwaway app, certificate and COMMON secret stand in for those not named
      expect(failure(() => resolve(project({ 'conform.yaml': 'projectId: p\n' }), [...live, '--allow-mutations'])).message).toMatch(
        /missing: fixtures\.apig\.instanceId, fixtures\.csms\.rotatableSecret$/,
      );
      // loopback targets run every operation, and may create throwaways too
      expect(failure(() => resolve(project({ 'conform.yaml': 'projectId: p\n' }), ['--target', 'http://127.0.0.1:1'])).message).toMatch(
        /missing: fixtures\.apig\.instanceId, fixtures\.csms\.rotatableSecret$/,
      );
    });

    it('a throwaway stands in only where the run may create it; a named fixture is used as named', () => {
      const live = ['--region', 'cn-north-4'];
      const file = 'projectId: p\nfixtures: { apig: { instanceId: i }, csms: { rotatableSecret: s } }\n';
      // without --allow-mutations the mutating operations are skipped, so only ShowSecret's fixture is needed
      expect(resolve(project({ 'conform.yaml': file }), live).fixtures).toEqual({ apig: { instanceId: 'i' }, csms: { rotatableSecret: 's' } });
      // a read-only operation's fixture is not made on a live account that may not be changed
      const view = failure(() => resolve(project({ 'conform.yaml': file }), [...live, '--operations', 'ViewApp'], {}, CATALOG.operations));
      expect(view.message).toMatch(/missing: fixtures\.apig\.sharedAppId; with --allow-mutations the run creates throwaway ones where it can$/);
      const allowed = resolve(project({ 'conform.yaml': file }), [...live, '--operations', 'ViewApp', '--allow-mutations'], {}, CATALOG.operations);
      expect(allowed.fixtures).toEqual({ apig: { instanceId: 'i' }, csms: { rotatableSecret: 's' } });
      const named = resolve(project({ 'conform.yaml': `${file.trimEnd().replace('instanceId: i', 'instanceId: i, appId: mine')}\n` }), [...live, '--allow-mutations']);
      expect(named.fixtures.apig).toEqual({ instanceId: 'i', appId: 'mine' });
    });

    it('--specs, else specs: relative to the file, else the package specs', () => {
      const cwd = project({ 'sub/conform.yaml': 'specs: my-specs\n' });
      expect(resolve(cwd, ['--config', 'sub/conform.yaml']).specsDir).toBe(path.join(cwd, 'sub', 'my-specs'));
      expect(resolve(cwd, ['--config', 'sub/conform.yaml', '--specs', 'other']).specsDir).toBe(path.join(cwd, 'other'));
      expect(resolve(project()).specsDir).toMatch(/specs$/);
    });

    it('check names: unknown ones are rejected with the known list', () => {
      const e = failure(() => resolve(project({ 'conform.yaml': 'checks:\n  masking: true\n  status: false\n' })));
      expect(e.where).toBe('conform.yaml:3');
      expect(e.message).toBe("unknown check 'status' in conform.yaml; known: status-code, schema, masking, content-type");
    });

    it('operation names: unknown ones are rejected, from the file or a flag; repeats collapse', () => {
      const file = failure(() => resolve(project({ 'conform.yaml': 'operations: [CreateApp, ListApps]\n' })));
      expect(file.code).toBe('CONFORM_CONFIG');
      expect(file.message).toBe("unknown operation 'ListApps' in conform.yaml operations; known: CreateApp, ResetAppSecret, UpdateCertificate, RotateSecret, ShowSecret");
      const flag = failure(() => resolve(project(), ['--operations', 'CreateApp,Nope']));
      expect(flag.code).toBe('CONFORM_USAGE');
      expect(flag.message).toMatch(/^unknown operation 'Nope' in --operations; known: CreateApp/);
      expect(resolve(project(), ['--operations', 'ShowSecret,ShowSecret']).operations).toEqual(['ShowSecret']);
    });

    it('AK/SK go together; a security token needs them', () => {
      expect(failure(() => resolve(project({ 'conform.yaml': 'auth: { accessKey: AK }\n' }))).message).toBe('auth.accessKey needs auth.secretKey (AK/SK go together)');
      expect(failure(() => resolve(project({ 'conform.yaml': 'auth: { securityToken: ST }\n' }))).message).toMatch(/^auth\.securityToken needs auth\.accessKey/);
      expect(resolve(project({ 'conform.yaml': 'auth: { accessKey: AK, secretKey: SK, securityToken: ST }\n' })).auth).toEqual({
        accessKey: 'AK',
        secretKey: 'SK',
        securityToken: 'ST',
      });
    });
  });

  describe('the config file', () => {
    it('--config names the file; a missing one is CONFORM_CONFIG', () => {
      const cwd = project({ 'conf/alt.yaml': 'run: { cases: 3 }\nbaseline: base.yaml\nreport: { dir: out }\n' });
      const c = resolve(cwd, ['--config', 'conf/alt.yaml']);
      expect(c.run.cases).toBe(3);
      // paths in a file are relative to the file
      expect(c.baseline).toBe(path.join(cwd, 'conf', 'base.yaml'));
      expect(c.report.dir).toBe(path.join(cwd, 'conf', 'out'));
      // paths on the command line are relative to cwd
      expect(resolve(cwd, ['--config', 'conf/alt.yaml', '--baseline', 'b2.yaml']).baseline).toBe(path.join(cwd, 'b2.yaml'));
      const e = failure(() => resolve(cwd, ['--config', 'missing.yaml']));
      expect(e.code).toBe('CONFORM_CONFIG');
      expect(e.oneLine()).toBe('CONFORM_CONFIG: missing.yaml: config file not found');
    });

    it('./conform.yaml is used when present, and optional when not', () => {
      expect(resolve(project({ 'conform.yaml': 'run: { cases: 7 }\n' })).run.cases).toBe(7);
      expect(resolve(project()).run.cases).toBe(DEFAULTS.run.cases);
    });

    it('an empty file is an empty configuration', () => {
      expect(resolve(project({ 'conform.yaml': '# nothing yet\n' })).run).toEqual(DEFAULTS.run);
    });
  });
});

describe('credentials out of the command line and out of every printed URL', () => {
  it('token, AK and SK from the environment, or from files it names, over conform.yaml', () => {
    const cwd = project({ 'token.txt': 'token-from-file\n', 'sk.txt': 'sk-from-file\n', 'conform.yaml': 'auth: { accessKey: file-ak, secretKey: file-sk }\n' });
    expect(resolve(cwd, [], { HWC_ACCESS_KEY: 'env-ak', HWC_SECRET_KEY: 'env-sk' }).auth).toEqual({ accessKey: 'env-ak', secretKey: 'env-sk' });
    expect(resolve(project({ 'token.txt': 'token-from-file\n' }), [], { HWC_AUTH_TOKEN_FILE: 'token.txt' }).auth).toEqual({ token: 'token-from-file' });
    expect(resolve(cwd, [], { HWC_ACCESS_KEY: 'env-ak', HWC_SECRET_KEY_FILE: path.join(cwd, 'sk.txt') }).auth).toEqual({ accessKey: 'env-ak', secretKey: 'sk-from-file' });
    // the variable wins over the file it could name, and --token over both
    const tokenOnly = project({ 'token.txt': 'token-from-file\n' });
    expect(resolve(tokenOnly, ['--token', 'flag'], { HWC_AUTH_TOKEN: 'env', HWC_AUTH_TOKEN_FILE: 'token.txt' }).auth.token).toBe('flag');
    expect(resolve(tokenOnly, [], { HWC_AUTH_TOKEN: 'env', HWC_AUTH_TOKEN_FILE: 'token.txt' }).auth.token).toBe('env');
  });

  it('a token and AK/SK together are refused in one line naming both, never a value: a gateway that accepts the token would hide a broken signature', () => {
    const cwd = project({ 'conform.yaml': 'auth: { accessKey: file-ak, secretKey: file-sk }\n' });
    const viaFlag = failure(() => resolve(cwd, ['--token', 'the-token']));
    expect(viaFlag.oneLine()).toMatch(/a token \(--token\) and AK\/SK \(auth\.accessKey\) are both configured; a run uses one scheme/);
    const viaEnv = failure(() => resolve(project(), [], { HWC_AUTH_TOKEN: 'the-token', HWC_ACCESS_KEY: 'the-ak', HWC_SECRET_KEY: 'the-sk' }));
    expect(viaEnv.oneLine()).toMatch(/a token \(HWC_AUTH_TOKEN\) and AK\/SK \(HWC_ACCESS_KEY\)/);
    const iam = failure(() => resolve(project({ 'conform.yaml': 'auth: { accessKey: a, secretKey: s, iam: { url: "https://iam.example.com", domain: d, username: u, password: p, projectName: x } }\n' })));
    expect(iam.oneLine()).toMatch(/auth\.iam \(a token\) and AK\/SK/);
    for (const e of [viaFlag, viaEnv, iam]) {
      expect(e.oneLine()).not.toMatch(/the-token|the-ak|the-sk|file-sk/);
      expect(['CONFORM_CONFIG', 'CONFORM_USAGE']).toContain(e.code);
    }
  });

  it('an unset ${VAR} in conform.yaml is no error when the environment gives the key itself', () => {
    const cwd = project({ 'conform.yaml': 'auth: { accessKey: ${MY_AK}, secretKey: ${MY_SK} }\n' });
    expect(resolve(cwd, [], { HWC_ACCESS_KEY: 'a', HWC_SECRET_KEY: 's' }).auth).toEqual({ accessKey: 'a', secretKey: 's' });
  });

  it('an AK without its SK, or an unreadable file: one line naming the variable, never a value', () => {
    const cwd = project({ 'empty.txt': '\n' });
    const alone = failure(() => resolve(cwd, [], { HWC_ACCESS_KEY: 'the-ak' }));
    expect(alone.message).toMatch(/^HWC_ACCESS_KEY \(auth\.accessKey\) needs auth\.secretKey or HWC_SECRET_KEY/);
    expect(alone.oneLine()).not.toContain('the-ak');
    expect(failure(() => resolve(cwd, [], { HWC_AUTH_TOKEN_FILE: 'missing.txt' })).message).toMatch(/^HWC_AUTH_TOKEN_FILE: cannot read the token from \S+missing\.txt \(ENOENT\)/);
    expect(failure(() => resolve(cwd, [], { HWC_SECRET_KEY_FILE: 'empty.txt', HWC_ACCESS_KEY: 'a' })).message).toMatch(/empty\.txt holds no secret key/);
  });

  it.each([
    ['http://user:pa55word@host:99999'],
    ['http://user:pa55word@ho st'],
    ['https://admin:pa55word@[::1'],
    ['http://user:p@ss:pa55word@host:-1/x'],
  ])('an invalid --target with user-info (%s) is refused without echoing it', (target) => {
    const e = failure(() => resolve(project(), ['--target', target]));
    expect(e.code).toBe('CONFORM_USAGE');
    expect(e.oneLine()).toMatch(/is not an absolute URL|must not carry a user name or password/);
    expect(e.oneLine()).not.toMatch(/pa55word|user:|admin/);
  });

  it('every error line hides the user-info of any URL in it', () => {
    const e = new ConformError('CONFORM_TARGET_UNREACHABLE', 'cannot reach https://bob:hunter2@example.test:8443/v1 nor ftp://x:y@h');
    expect(e.oneLine()).toBe('CONFORM_TARGET_UNREACHABLE: cannot reach https://***@example.test:8443/v1 nor ftp://***@h');
  });
});
