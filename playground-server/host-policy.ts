import { isIP } from 'node:net';

/**
 * The names this site is served as, for the `Host` check that stops DNS rebinding: a page of
 * `rebind.evil.example` whose name the attacker then points at 127.0.0.1 sends Host *and* Origin
 * `rebind.evil.example:PORT`, so comparing the two (origin-policy.ts) lets it in. A host is
 * served when it is an IP literal (a rebinding attack needs a name of its own, so a request to an
 * address — a classroom's `http://192.168.0.5:4321/` — is never one), a loopback name
 * (`localhost`, `*.localhost`, RFC 6761 §6.3), or a name the operator listed: `PUBLIC_HOST`, or
 * the hosts of `ALLOWED_ORIGINS`.
 */
export type HostPolicy = (hostHeader: string | undefined) => boolean;

/** The name part of a Host header, lower-cased, without port or IPv6 brackets; undefined when it is not a host. */
export function hostName(hostHeader: string | undefined): string | undefined {
  if (hostHeader === undefined) return undefined;
  const value = hostHeader.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(value);
  if (bracketed) return bracketed[1];
  const plain = /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(value);
  return plain?.[1]?.replace(/\.$/, '');
}

export function createHostPolicy(options: { publicHosts: readonly string[]; allowedOrigins: readonly string[] }): HostPolicy {
  const listed = new Set<string>(options.publicHosts.map((host) => hostName(host) ?? host.toLowerCase()));
  for (const origin of options.allowedOrigins) if (URL.canParse(origin)) listed.add(new URL(origin).hostname.replace(/^\[|\]$/g, ''));
  return (hostHeader) => {
    const name = hostName(hostHeader);
    if (name === undefined || name === '') return false;
    return isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost') || listed.has(name);
  };
}
