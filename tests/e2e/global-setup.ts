import { createLogger } from '../../playground-server/log.ts';
import { ensureSiteBuilt } from '../../playground-server/site-build.ts';

/**
 * E2E tests run against the real build: build it first when it is missing or stale. With
 * DIST_DIR set (a build made elsewhere, e.g. `astro build --outDir …`), that build is used as is.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env['DIST_DIR']) return;
  await ensureSiteBuilt(createLogger('warn'));
}
