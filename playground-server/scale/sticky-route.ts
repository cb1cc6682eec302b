/**
 * Which worker a connection goes to in cluster mode: decided by the client's IP address alone, so
 * every connection of one learner lands on the same worker — Socket.IO's polling requests (an
 * Engine.IO session lives in one process), the control channel `/_playground`, the proxy
 * `/_sandbox/<token>/…` to the learner's server (the sandbox is a child of the worker that started
 * it) and the lesson connections recorded for that page's inspector. nginx's `ip_hash` does the
 * same across machines.
 */
import { clientKey } from '../limits/ip-connection-limiter.ts';

/** FNV-1a, 32 bits: cheap, and spreads neighbouring addresses (10.0.0.7, 10.0.0.8) apart. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The slot (0 … count-1) for a client address. Slots, not worker ids: a worker that crashed is
 * replaced in its slot, so the other learners keep their worker.
 */
export function slotFor(address: string | undefined, count: number): number {
  if (count <= 1) return 0;
  // `::ffff:192.0.2.1` (an IPv4 client on a dual-stack socket) is the same client as `192.0.2.1`.
  return fnv1a(clientKey(address)) % count;
}
