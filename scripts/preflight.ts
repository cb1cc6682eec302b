/**
 * `node scripts/preflight.ts unit e2e`: the first step of `npm test` (and of test:quick, test:e2e). Checks that the
 * system packages those runs need are here (system-packages.txt); when some are missing it says in Korean which package
 * each missing piece is for, prints the one apt line that installs them all and exits 1 before anything else runs.
 * Silent when all is here. `npm start` makes the same check for what the server uses, as a warning (main.ts).
 */
import { missingPrograms, missingReport, type PackageUse } from '../playground-server/system-packages.ts';

const uses = process.argv.slice(2) as PackageUse[];
const missing = missingPrograms(uses.length > 0 ? uses : ['unit', 'e2e']);
if (missing.length > 0) {
  process.stderr.write(missingReport(missing, '테스트', true));
  process.exit(1);
}
