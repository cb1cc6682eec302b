import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as z from 'zod/mini';
import { connectionLimitsFromEnv, connectionLimitsSchema } from './limits/limit-settings.ts';
import { isLogLevel, type LogLevel } from './log.ts';
import { sandboxLimitsSchema } from './sandbox/options.ts';
import { ENGLISH_MESSAGES } from './validation-messages.ts';

const originSchema = z.pipe(
  z.string().check(
    z.trim(),
    z.refine((value) => value === 'null' || URL.canParse(value), {
      message: '출처는 "https://example.com" 같은 URL이거나 "null"이어야 합니다',
    }),
  ),
  z.transform((value) => (value === 'null' ? value : new URL(value).origin)),
);

export const configSchema = z.object({
  /** TCP port; 0 picks a free one. Default 4321. */
  port: z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(65535)), 4321),
  /** Address to bind. Default loopback: only this machine can connect. */
  host: z._default(z.string().check(z.trim(), z.minLength(1)), '127.0.0.1'),
  /** Astro's build output, served as the site. */
  distDir: z._default(z.string().check(z.minLength(1)), fileURLToPath(new URL('../dist/', import.meta.url))),
  /** Largest WebSocket message an endpoint accepts, in bytes (OWASP: ≤ 64 KB). Default 65536. */
  maxPayload: z._default(z.coerce.number().check(z.int(), z.minimum(125), z.maximum(16 * 1024 * 1024)), 64 * 1024),
  /**
   * Host names the site is served as besides IP addresses and loopback names (host-policy.ts): the
   * control channel, the proxy to learners' servers and the health routes answer only those.
   */
  publicHosts: z._default(z.array(z.string().check(z.trim(), z.toLowerCase(), z.regex(/^[a-z0-9.-]+$/, { message: '호스트 이름(예: ws.school.example)이어야 합니다' }))), []),
  /** Origins allowed besides the page's own one and sandboxed frames ("null"). */
  allowedOrigins: z._default(z.array(originSchema), []),
  logLevel: z._default(z.pipe(z.string(), z.custom<LogLevel, string>(isLogLevel, { message: 'silent, error, warn, info, debug 중 하나여야 합니다' })), 'info'),
  /** Limits for learners' Node servers (see playground-server/sandbox/README.md); unset ones take its defaults. */
  sandbox: z._default(z.partial(sandboxLimitsSchema), {}),
  /** Rate, connections per address, idle timeout, heartbeat (see limits/limit-settings.ts); unset ones take its defaults. */
  limits: z.prefault(connectionLimitsSchema, {}),
  /**
   * How learners' servers are isolated on a loopback bind: `auto` (bubblewrap where it works, else
   * the permission model alone), `bwrap` (refuse to run without it) or `permission` (never use it).
   * A public bind always needs bubblewrap (sandbox-setup.ts). Default auto.
   */
  sandboxIsolation: z._default(z.enum(['auto', 'bwrap', 'permission']), 'auto'),
  /** Build the site first when dist/ is missing or older than its sources. */
  buildIfStale: z._default(z.boolean(), true),
  /** Redis shared by several instances (scale/): Socket.IO's Redis adapter and the ws chat's pub/sub. Unset: one instance, no Redis. */
  redisUrl: z.optional(
    z.string().check(
      z.trim(),
      z.refine((value) => URL.canParse(value) && /^rediss?:$/.test(new URL(value).protocol), { message: 'redis://호스트:포트 (또는 rediss://) 형식의 URL이어야 합니다' }),
    ),
  ),
  /** Worker processes on this machine (`--workers N`, entry/cluster-primary.ts); 1 runs no cluster. Default 1. */
  workers: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(64)), 1),
  /**
   * Where ‘내 서버 검사하기’ may connect besides loopback (inspect/target-policy.ts): exact host names
   * or CIDRs. On a public bind the feature is off unless this is set. Default: loopback only.
   */
  inspectTargets: z._default(z.array(z.string().check(z.trim(), z.toLowerCase(), z.regex(/^([a-z0-9.-]+|[0-9a-f:.]+(\/\d{1,3})?)$/, { message: '호스트 이름이나 CIDR(예: 10.0.0.0/8)이어야 합니다' }))), []),
  /** Bearer token for /healthz, /readyz and /metrics on a non-loopback address; without it they answer 404 there. */
  metricsToken: z.optional(z.string().check(z.minLength(16, { message: '16자 이상이어야 합니다' }))),
});

export type PlaygroundConfig = z.infer<typeof configSchema>;
export type PlaygroundConfigInput = z.input<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * The environment without its empty variables: `PORT=` (a compose file's blank line, `export PORT=`)
 * means "not set", as for most servers, not 0 (a random port) or a refusal of a number.
 */
function setVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
}

/** Reads config from command-line flags first, then environment variables (an empty one counts as unset), then defaults. */
export function loadConfig(argv: readonly string[], processEnv: NodeJS.ProcessEnv): PlaygroundConfig {
  const env = setVariables(processEnv);
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        'skip-build': { type: 'boolean' },
        workers: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new ConfigError(`명령줄 인자를 해석할 수 없습니다: ${(error as Error).message}`);
  }
  const input = {
    port: values.port ?? env['PORT'],
    host: values.host ?? env['HOST'],
    distDir: env['DIST_DIR'],
    maxPayload: env['WS_MAX_PAYLOAD'],
    allowedOrigins: env['ALLOWED_ORIGINS']?.split(',').filter((origin) => origin.trim() !== ''),
    publicHosts: env['PUBLIC_HOST']?.split(',').filter((host) => host.trim() !== ''),
    logLevel: env['LOG_LEVEL'],
    limits: connectionLimitsFromEnv(env),
    sandbox: Object.fromEntries(
      Object.entries({
        total: env['SANDBOX_TOTAL'],
        perOwner: env['SANDBOX_PER_OWNER'],
        perClient: env['SANDBOX_PER_CLIENT'],
        wallTimeMs: env['SANDBOX_WALL_TIME_MS'],
        cpuTimeMs: env['SANDBOX_CPU_TIME_MS'],
      }).filter(([, value]) => value !== undefined),
    ),
    sandboxIsolation: env['SANDBOX_ISOLATION'],
    buildIfStale: values['skip-build'] === true ? false : undefined,
    redisUrl: env['REDIS_URL'],
    workers: values.workers ?? env['WORKERS'],
    metricsToken: env['METRICS_TOKEN'],
    inspectTargets: env['INSPECT_TARGETS']?.split(',').filter((entry) => entry.trim() !== ''),
  };
  return parseConfig(input);
}

export function parseConfig(input: Record<string, unknown>): PlaygroundConfig {
  const defined = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  const result = configSchema.safeParse(defined, ENGLISH_MESSAGES);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(설정)'}: ${issue.message}`);
    throw new ConfigError(`설정이 올바르지 않습니다:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** True when the address only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
