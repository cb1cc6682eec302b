import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as z from 'zod/mini';

const positiveInt = (...checks: z.core.$ZodCheck<number>[]) => z.coerce.number().check(z.int(), z.positive(), ...checks);

/**
 * Every limit a sandbox runs under. Each one ends the sandbox with its own stop reason and a Korean
 * message (see stop-reasons.ts), except `connections`, which makes `connect()` refuse.
 */
export const sandboxLimitsSchema = z.object({
  /** Wall-clock time a sandbox may run, in ms. Default 5 min. */
  wallTimeMs: z._default(positiveInt(), 5 * 60_000),
  /** CPU time (user + system, every thread of the tree), in ms. Default 10 s. */
  cpuTimeMs: z._default(positiveInt(), 10_000),
  /** V8 old-space limit (`--max-old-space-size`), in MiB. Default 64. */
  heapMb: z._default(positiveInt(z.minimum(16)), 64),
  /** Resident memory of the whole process tree, sampled every `pollIntervalMs`, in MiB. Default 256. */
  rssMb: z._default(positiveInt(), 256),
  /**
   * Hard address-space cap (RLIMIT_AS) in MiB, so an off-heap Buffer bomb fails at once instead of
   * racing the sampler. Node reserves about 1.3 GiB of address space at start. 0 turns it off. Default 4096.
   */
  addressSpaceMb: z._default(z.coerce.number().check(z.int(), z.minimum(0)), 4096),
  /** Bytes of stdout + stderr before the sandbox is stopped (the program's own: not the time stamps of output-stamp.ts). Default 1 MiB. */
  outputBytes: z._default(positiveInt(), 1024 * 1024),
  /** Longest console line passed on, in characters; the rest of a longer line is cut with a notice. Default 8192. */
  lineLength: z._default(positiveInt(z.minimum(80)), 8192),
  /** Concurrent connections into the snippet through `connect()`. Default 200. */
  connections: z._default(positiveInt(), 200),
  /** Concurrent outgoing connections the snippet itself may open (to its own ports). Default 50. */
  outboundConnections: z._default(positiveInt(), 50),
  /** Distinct virtual ports listening at once. Default 5. */
  listeningPorts: z._default(positiveInt(), 5),
  /** Time from start until the snippet must listen on a port, in ms. Default 10 s. */
  listenTimeoutMs: z._default(positiveInt(), 10_000),
  /** Sandboxes one owner (learner session) may run at once. Default 2. */
  perOwner: z._default(positiveInt(), 2),
  /**
   * Sandboxes running at once for one client (an IPv4 address or an IPv6 /64, limits/
   * ip-connection-limiter.ts `clientKey`), whatever pages it opens. Default 4.
   */
  perClient: z._default(positiveInt(), 4),
  /** Sandboxes running at once in total. Default 20. */
  total: z._default(positiveInt(), 20),
  /** How long a sandbox outlives its owner's page (`ownerGone`), in ms. Default 30 s. */
  ownerGraceMs: z._default(z.coerce.number().check(z.int(), z.minimum(0)), 30_000),
  /** How often CPU time and memory are sampled, in ms. Default 250. */
  pollIntervalMs: z._default(positiveInt(z.minimum(20)), 250),
  /** Files in one run. Default 20. */
  files: z._default(positiveInt(), 20),
  /** Total size of the files in one run, in bytes. Default 512 KiB. */
  filesBytes: z._default(positiveInt(), 512 * 1024),
});

const nonEmpty = () => z.string().check(z.minLength(1));

const packageNameSchema = z.string().check(z.regex(/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/, { message: 'npm 패키지 이름이어야 합니다' }));

export const sandboxOptionsSchema = z.extend(sandboxLimitsSchema, {
  /**
   * `auto` (default): bubblewrap + permission model where `bwrap` works, else the permission model
   * alone. `bwrap` fails to start without bubblewrap; `permission` never uses it.
   */
  isolation: z._default(z.enum(['auto', 'bwrap', 'permission']), 'auto'),
  /**
   * Packages the learner's files may import (their dependencies become readable too). Default ws,
   * socket.io and socket.io-client (a learner's tests connect real Socket.IO clients to their own
   * server; the preload lets them reach only the snippet's own ports).
   */
  packages: z._default(z.array(packageNameSchema), ['ws', 'socket.io', 'socket.io-client']),
  /** Where the allowed packages are installed. Default the project's node_modules. */
  modulesDir: z._default(nonEmpty(), fileURLToPath(new URL('../../node_modules/', import.meta.url))),
  /** Node binary for the child. Default the one running the server (Node 24). */
  nodePath: z._default(nonEmpty(), process.execPath),
  bwrapPath: z._default(nonEmpty(), '/usr/bin/bwrap'),
  /** util-linux `prlimit`, which sets the hard rlimits; without it only the sampled limits apply. */
  prlimitPath: z._default(nonEmpty(), '/usr/bin/prlimit'),
  /** Parent folder of the sandboxes' folders. Default the OS temp folder. */
  tempDir: z._default(nonEmpty(), tmpdir()),
  /**
   * Unprivileged uid/gid the child runs as. Default: `nobody` (65534) when the server runs as root,
   * else the server's own user (no change).
   */
  runAs: z._default(z.nullable(z.object({ uid: z.number().check(z.int(), z.minimum(0)), gid: z.number().check(z.int(), z.minimum(0)) })), null),
});

export type SandboxLimits = z.infer<typeof sandboxLimitsSchema>;
export type SandboxOptions = z.infer<typeof sandboxOptionsSchema>;
export type SandboxOptionsInput = z.input<typeof sandboxOptionsSchema>;

/** The uid/gid the child drops to: explicit, or `nobody` when we are root. */
export function effectiveRunAs(options: SandboxOptions): { uid: number; gid: number } | undefined {
  if (options.runAs !== null) return options.runAs;
  return process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
}
