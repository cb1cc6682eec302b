import { isLoopbackHost, type PlaygroundConfig } from './config.ts';
import type { Logger } from './log.ts';
import { createSandboxManager, type SandboxWatcher } from './sandbox/manager.ts';
import type { SandboxManager } from './sandbox/sandbox-types.ts';

/**
 * The sandbox for learners' Node servers. On a public address (a classroom) it must have
 * bubblewrap's namespaces: without them it refuses to start rather than run strangers' code
 * behind the permission model alone. Where it cannot run at all (not Linux), the site still
 * works; only server snippets are unavailable.
 */
export async function startSandboxes(config: PlaygroundConfig, logger: Logger, watcher?: SandboxWatcher): Promise<SandboxManager | null> {
  const isolation = isLoopbackHost(config.host) ? config.sandboxIsolation : 'bwrap';
  try {
    const manager = await createSandboxManager({ ...config.sandbox, isolation, logger, watcher });
    logger.info('sandbox_ready', { mode: manager.mode });
    return manager;
  } catch (error) {
    if (isolation === 'bwrap') {
      throw new Error(isLoopbackHost(config.host)
        ? `SANDBOX_ISOLATION=bwrap인데 bubblewrap 샌드박스를 쓸 수 없습니다: ${String(error)}`
        : `공개 주소(${config.host})에서는 bubblewrap 샌드박스가 필요합니다: ${String(error)}`);
    }
    logger.warn('sandbox_unavailable', { message: String(error) });
    return null;
  }
}
