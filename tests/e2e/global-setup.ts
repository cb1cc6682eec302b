import { createLogger } from '../../playground-server/log.ts';
import { ensureSiteBuilt } from '../../playground-server/site-build.ts';

/** E2E tests run against the real build: build it first when it is missing or stale. */
export default async function globalSetup(): Promise<void> {
  await ensureSiteBuilt(createLogger('warn'));
}
