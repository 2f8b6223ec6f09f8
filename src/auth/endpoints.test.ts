import { describe, expect, it } from 'vitest';
import { isLoopback, resolveEndpoints } from './endpoints.ts';
import { isConformError } from '../errors.ts';

// as the specs' x-hwc-endpoint give them
const SERVICES = {
  apig: 'https://apig.{region}.myhuaweicloud.com',
  elb: 'https://elb.{region}.myhuaweicloud.com',
  csms: 'https://kms.{region}.myhuaweicloud.com',
};

describe('resolveEndpoints', () => {
  it('derives the public hosts; CSMS lives on KMS', () => {
    expect(resolveEndpoints('cn-north-4', {}, SERVICES)).toEqual({
      apig: 'https://apig.cn-north-4.myhuaweicloud.com',
      elb: 'https://elb.cn-north-4.myhuaweicloud.com',
      csms: 'https://kms.cn-north-4.myhuaweicloud.com',
    });
    expect(Object.isFrozen(resolveEndpoints('ap-southeast-1', {}, SERVICES))).toBe(true);
  });

  it.each(['cn-north-4', 'ap-southeast-1', 'la-south-2', 'cn-southwest-2', 'my-kualalumpur-1', 'eu-west-101', 'af-south-1'])(
    'accepts region %s',
    (region) => expect(resolveEndpoints(region, {}, SERVICES).apig).toBe(`https://apig.${region}.myhuaweicloud.com`),
  );

  it.each(['', 'cn-north', 'CN-NORTH-4', 'cn_north_4', 'north-4', 'cn-north-4.evil.com', 'cn-north-4/', 'cn--4', 'cn-north-4 '])(
    'rejects region %j with CONFORM_CONFIG',
    (region) => {
      try {
        resolveEndpoints(region, {}, SERVICES);
        expect.unreachable();
      } catch (e) {
        expect(isConformError(e) && e.code).toBe('CONFORM_CONFIG');
      }
    },
  );

  it('overrides win, lose a trailing slash, and make a region unnecessary', () => {
    expect(resolveEndpoints('cn-north-4', { csms: 'http://127.0.0.1:8080/' }, SERVICES)).toEqual({
      apig: 'https://apig.cn-north-4.myhuaweicloud.com',
      elb: 'https://elb.cn-north-4.myhuaweicloud.com',
      csms: 'http://127.0.0.1:8080',
    });
    const all = { apig: 'http://localhost:1', elb: 'http://localhost:2', csms: 'http://localhost:3' };
    expect(resolveEndpoints(undefined, all, SERVICES)).toEqual(all);
  });

  it('a service whose spec gives no endpoint needs an override, region or not', () => {
    expect(resolveEndpoints('cn-north-4', { widgets: 'http://127.0.0.1:9' }, { ...SERVICES, widgets: undefined }).widgets).toBe('http://127.0.0.1:9');
    expect(() => resolveEndpoints('cn-north-4', {}, { ...SERVICES, widgets: undefined })).toThrow(/no endpoint for widgets: its spec gives no x-hwc-endpoint, so set target\.widgets/);
  });

  it('needs a region or an override for every service', () => {
    expect(() => resolveEndpoints(undefined, { apig: 'http://localhost:1' }, SERVICES)).toThrow(/no endpoint for elb: set region/);
  });

  it('rejects unusable overrides without echoing user-info', () => {
    expect(() => resolveEndpoints('cn-north-4', { apig: 'apig.example.com' }, SERVICES)).toThrow(/target\.apig .* not an absolute URL/);
    expect(() => resolveEndpoints('cn-north-4', { elb: 'ftp://x' }, SERVICES)).toThrow(/http\(s\)/);
    try {
      resolveEndpoints('cn-north-4', { elb: 'https://user:hunter2@elb.example.com' }, SERVICES);
      expect.unreachable();
    } catch (e) {
      expect(isConformError(e) && e.code).toBe('CONFORM_CONFIG');
      expect((e as Error).message).not.toContain('hunter2');
    }
  });
});

describe('isLoopback', () => {
  it.each([
    'http://127.0.0.1:8080/x',
    'http://127.255.1.2',
    'http://127.1/',
    'http://0x7f.0.0.1/',
    'http://localhost:3000',
    'http://LOCALHOST.',
    'http://api.localhost/',
    'http://[::1]:9000/',
    'http://[0:0:0:0:0:0:0:1]/',
    'http://[::ffff:127.0.0.1]/',
  ])('%s is loopback', (url) => expect(isLoopback(url)).toBe(true));

  it.each([
    'https://apig.cn-north-4.myhuaweicloud.com',
    'http://128.0.0.1/',
    'http://10.0.0.1/',
    'http://0.0.0.0/',
    'http://[::]/',
    'http://[::2]/',
    'http://127.0.0.1.nip.io/',
    'http://localhost.example.com/',
    'http://[::ffff:10.0.0.1]/',
    'not a url',
  ])('%s is not loopback', (url) => expect(isLoopback(url)).toBe(false));

  it('takes URL objects', () => expect(isLoopback(new URL('http://127.0.0.1/'))).toBe(true));
});
