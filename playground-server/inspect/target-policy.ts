import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { TARGET_REFUSALS, type TargetRefusalCode } from '../../protocol/inspect-errors.ts';

/**
 * Where the inspector may connect on a learner's behalf (issue 16: the playground server connects
 * where it is told, so it is an SSRF surface). The rules, in order:
 * - only ws:, wss:, http:, https: URLs without credentials; the host as the URL parser reads it
 *   (so 2130706433, 0177.0.0.1 and 127.1 are all 127.0.0.1, and [::ffff:7f00:1] is IPv6);
 * - the name is resolved once, here, and the connection goes to the address that was checked (a
 *   name that resolves to something else a moment later — DNS rebinding — changes nothing);
 * - never: link-local (169.254.0.0/16, fe80::/10) and cloud metadata (fd00:ec2::254), the
 *   unspecified and "this network" addresses (0.0.0.0/8, ::: connecting to 0.0.0.0 reaches this
 *   machine), multicast and broadcast, and the IPv6 prefixes that carry an IPv4 address somewhere
 *   else (NAT64 64:ff9b::/96, 6to4 2002::/16) — whatever INSPECT_TARGETS says;
 * - by default only loopback (127.0.0.0/8, ::1: the learner's own machine); INSPECT_TARGETS adds
 *   exact host names or CIDRs; bound to a public address without INSPECT_TARGETS, the feature is off.
 * Every address a name resolves to must pass (no picking the good one of several).
 */

export interface InspectTarget {
  url: URL;
  /** The address that was checked, and the one to connect to. */
  address: string;
  family: 4 | 6;
  port: number;
  tls: boolean;
  /** For TLS: the name to ask for (SNI) and to check the certificate against. */
  servername: string;
}

export type TargetResult = { target: InspectTarget } | { code: TargetRefusalCode; message: string };

export interface TargetPolicyOptions {
  /** INSPECT_TARGETS: exact host names (as typed in a URL) or CIDRs (10.0.0.0/8, fd12::/16). */
  allowed: readonly string[];
  /** Bound to a non-loopback address: without `allowed`, the feature is off. */
  publicBind: boolean;
  /** Name → addresses (tests pass their own); default dns.lookup with all addresses. */
  lookup?: (host: string) => Promise<Array<{ address: string; family: number }>>;
}

function blockList(rules: ReadonlyArray<[string, number]>): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of rules) list.addSubnet(network, prefix, isIP(network) === 6 ? 'ipv6' : 'ipv4');
  return list;
}

const NEVER = blockList([
  ['169.254.0.0', 16],
  ['fe80::', 10],
  ['fd00:ec2::254', 128],
  ['0.0.0.0', 8],
  ['::', 128],
  ['224.0.0.0', 4],
  ['255.255.255.255', 32],
  ['ff00::', 8],
  ['64:ff9b::', 96],
  ['2002::', 16],
]);
const LOOPBACK = blockList([
  ['127.0.0.0', 8],
  ['::1', 128],
]);

const DEFAULT_PORTS: Record<string, number> = { 'ws:': 80, 'http:': 80, 'wss:': 443, 'https:': 443 };

function refuse(code: TargetRefusalCode): TargetResult {
  return { code, message: TARGET_REFUSALS[code] };
}

function familyOf(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}

export function createTargetPolicy(options: TargetPolicyOptions): (raw: string) => Promise<TargetResult> {
  const allowedNames = new Set<string>();
  const allowedRanges = new BlockList();
  for (const entry of options.allowed) {
    const cidr = /^([0-9a-f:.]+)\/(\d{1,3})$/i.exec(entry.trim());
    if (cidr && isIP(cidr[1]!) !== 0) allowedRanges.addSubnet(cidr[1]!, Number(cidr[2]), familyOf(cidr[1]!));
    else if (isIP(entry.trim()) !== 0) allowedRanges.addAddress(entry.trim(), familyOf(entry.trim()));
    else allowedNames.add(entry.trim().toLowerCase().replace(/\.$/, ''));
  }
  const lookup = options.lookup ?? ((host: string) => dnsLookup(host, { all: true, verbatim: true }));

  return async (raw) => {
    if (options.publicBind && options.allowed.length === 0) return refuse('INSPECT_DISABLED');
    if (typeof raw !== 'string' || raw.length > 2048 || !URL.canParse(raw)) return refuse('INSPECT_BAD_TARGET');
    const url = new URL(raw);
    if (!(url.protocol in DEFAULT_PORTS) || url.username !== '' || url.password !== '' || url.hostname === '') return refuse('INSPECT_BAD_TARGET');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const name = host.toLowerCase().replace(/\.$/, '');
    let addresses: Array<{ address: string; family: number }>;
    if (isIP(host) !== 0) addresses = [{ address: host, family: isIP(host) }];
    else {
      try {
        addresses = await lookup(name);
      } catch {
        return refuse('INSPECT_TARGET_UNRESOLVED');
      }
      if (addresses.length === 0) return refuse('INSPECT_TARGET_UNRESOLVED');
    }
    const nameAllowed = allowedNames.has(name);
    for (const { address } of addresses) {
      const family = familyOf(address);
      if (NEVER.check(address, family)) return refuse('INSPECT_TARGET_FORBIDDEN');
      if (!(LOOPBACK.check(address, family) || nameAllowed || allowedRanges.check(address, family))) return refuse('INSPECT_TARGET_FORBIDDEN');
    }
    const [first] = addresses;
    const tls = url.protocol === 'wss:' || url.protocol === 'https:';
    return {
      target: {
        url,
        address: first!.address,
        family: isIP(first!.address) === 6 ? 6 : 4,
        port: url.port === '' ? DEFAULT_PORTS[url.protocol]! : Number(url.port),
        tls,
        servername: isIP(host) === 0 ? name : '',
      },
    };
  };
}
