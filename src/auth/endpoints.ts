/**
 * Public endpoints of the specs' services per region (each spec's `x-hwc-endpoint`), and the
 * loopback test behind the live-safety rule (a target that is not loopback is the real cloud).
 */
import { isIP } from 'node:net';
import { ConformError } from '../errors.ts';
import type { ServiceName } from '../spec/types.ts';

export type Endpoints = Readonly<Record<ServiceName, string>>;

/** `cn-north-4`, `ap-southeast-1`, `la-south-2`, `cn-southwest-2`, `my-kualalumpur-1`, `eu-west-101` … */
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,3}$/;

/** Each service of the specs, with its `x-hwc-endpoint` template (`https://apig.{region}.myhuaweicloud.com`) if it has one. */
export type ServiceEndpoints = Readonly<Record<ServiceName, string | undefined>>;

function checkOverride(service: ServiceName, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConformError('CONFORM_CONFIG', `target.${service} '${value}' is not an absolute URL (expected e.g. https://apig.cn-north-4.myhuaweicloud.com)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConformError('CONFORM_CONFIG', `target.${service} must be an http(s) URL, got ${url.protocol}`);
  }
  if (url.username || url.password) {
    // never echo the URL: its user-info is a credential
    throw new ConformError('CONFORM_CONFIG', `target.${service} must not carry user-info; use the auth settings`);
  }
  return value.replace(/\/+$/, '');
}

/**
 * Base URLs of every service in `services` for `region`; an override wins for its service.
 * Without a region (or an endpoint template) a service needs an override. Throws
 * `CONFORM_CONFIG` on a malformed region or override.
 */
export function resolveEndpoints(region: string | undefined, overrides: Partial<Record<ServiceName, string>>, services: ServiceEndpoints): Endpoints {
  if (region !== undefined && !REGION.test(region)) {
    throw new ConformError('CONFORM_CONFIG', `region '${region}' is not a Huawei Cloud region id (expected e.g. cn-north-4, ap-southeast-1, la-south-2)`);
  }
  const out = {} as Record<ServiceName, string>;
  for (const [service, template] of Object.entries(services)) {
    const override = overrides[service];
    if (override !== undefined) out[service] = checkOverride(service, override);
    else if (region !== undefined && template !== undefined) out[service] = template.replaceAll('{region}', region);
    else if (region !== undefined) throw new ConformError('CONFORM_CONFIG', `no endpoint for ${service}: its spec gives no x-hwc-endpoint, so set target.${service}`);
    else throw new ConformError('CONFORM_CONFIG', `no endpoint for ${service}: set region (e.g. cn-north-4) or target.${service}`);
  }
  return Object.freeze(out);
}

/**
 * True when `url` points at this machine: `localhost` (and `*.localhost`), 127.0.0.0/8, `::1`, or
 * an IPv4-mapped 127/8. Anything else, an unparsable URL included, counts as remote: the safe side
 * of the live-safety rule. `0.0.0.0` and the `::` any-address count as remote for the same reason.
 */
export function isLoopback(url: string | URL): boolean {
  let host: string;
  try {
    // WHATWG parsing normalises 127.1, 0x7f.0.0.1 and [0:0:0:0:0:0:0:1] to their canonical forms.
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (host.startsWith('[') && host.endsWith(']')) {
    const v6 = host.slice(1, -1);
    if (v6 === '::1') return true;
    // ::ffff:127.x.y.z is normalised to ::ffff:7fxx:xxxx
    return /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(v6);
  }
  return false;
}
