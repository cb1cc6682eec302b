/**
 * `npm run inspect -- --target http://localhost:3000 [--listen 3001] [--insecure]`: the playground
 * (as `npm start` serves it, one process) plus a reverse proxy in front of the learner's own app
 * (inspect/reverse-proxy.ts). The learner opens their app at the proxy's address; /inspector/
 * shows its connections live. Other flags and the environment are `npm start`'s (config.ts).
 */
import { startApp } from '../app.ts';
import { displayUrl } from '../display-url.ts';
import { startReverseProxy } from '../inspect/reverse-proxy.ts';
import { createTargetPolicy } from '../inspect/target-policy.ts';
import { createLogger } from '../log.ts';
import { ensureSiteBuilt } from '../site-build.ts';
import { shutdownOnSignals } from '../supervise/worker-lifecycle.ts';
import { BAD_CONFIG_EXIT_CODE, exitStartFailed, loadConfigOrExit } from './startup-errors.ts';

export interface InspectArgs {
  target: string | null;
  listen: number;
  insecure: boolean;
  /** Everything else, for loadConfig. */
  rest: string[];
}

const DEFAULT_LISTEN = 3001;

/** Takes --target, --listen and --insecure out of argv (both `--x v` and `--x=v`); an error says what is wrong, in Korean. */
export function parseInspectArgs(argv: readonly string[]): InspectArgs | { error: string } {
  const result: InspectArgs = { target: null, listen: DEFAULT_LISTEN, insecure: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--insecure') result.insecure = true;
    else if (flag === '--target' || flag === '--listen') {
      const value = inline ?? argv[++i];
      if (value === undefined) return { error: `${flag} 뒤에 값을 적으세요.` };
      if (flag === '--target') result.target = value;
      else if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) return { error: '--listen은 포트 번호(0–65535)여야 합니다.' };
      else result.listen = Number(value);
    } else result.rest.push(arg);
  }
  if (result.target === null) return { error: '검사할 앱의 주소를 --target으로 적으세요. 예: npm run inspect -- --target http://localhost:3000' };
  if (!/^https?:\/\//.test(result.target)) return { error: '--target은 http:// 또는 https://로 시작하는 앱의 주소입니다(WebSocket과 Socket.IO 연결도 이 주소로 갑니다).' };
  return result;
}

/** What the learner reads when the proxy is up: where to open the app, what to change, where to look. */
export function inspectBanner(target: string, proxy: string, inspector: string): string {
  return [
    '',
    '내 앱 앞에 검사기를 세웠습니다.',
    `  내 앱:   ${target}  (그대로 켜 두세요)`,
    `  프록시:  ${proxy}  ← 브라우저에서 이 주소로 앱을 여세요`,
    `  검사기:  ${inspector}  ← ‘내 서버 검사하기’에서 ‘프록시 기록 보기’를 누르세요`,
    '',
    '앱에서 바꿀 것:',
    `  - 클라이언트가 서버 주소를 직접 적었다면(io('${target}'), new WebSocket('${target.replace(/^http/, 'ws')}/…')) ${proxy}로 바꾸세요.`,
    "    페이지와 같은 출처로 연결하면(io(), new WebSocket(`ws://${location.host}/…`)) 바꿀 것이 없습니다.",
    `  - 서버가 Origin을 검사한다면 ${proxy}도 허용하세요(브라우저는 프록시의 주소를 출처로 보냅니다).`,
    '',
    '(끝내려면 Ctrl+C)',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const args = parseInspectArgs(process.argv.slice(2));
  if ('error' in args) {
    process.stderr.write(`${args.error}\n`);
    process.exit(BAD_CONFIG_EXIT_CODE);
  }
  const config = loadConfigOrExit(args.rest, process.env);
  const logger = createLogger(config.logLevel);
  const ready = shutdownOnSignals(logger, 2000);
  const checked = await createTargetPolicy({ allowed: config.inspectTargets, publicBind: false })(args.target!);
  if ('code' in checked) {
    process.stderr.write(`${checked.message} (${checked.code})\n`);
    process.exit(BAD_CONFIG_EXIT_CODE);
  }
  if (config.buildIfStale) await ensureSiteBuilt(logger);
  const app = await startApp(config, logger);
  // One name for the proxy everywhere (this banner, the page's ‘프록시 기록 보기’): it is the origin the learner's
  // browser sends (Origin checks, CORS, cookies and storage all go by it). localhost: as the learner's app is usually opened.
  const proxy = await startReverseProxy({ target: checked.target, trustCertificate: args.insecure, host: 'localhost', port: args.listen, inspections: app.playground.inspections, logger });
  const site = displayUrl(config.host, app.port);
  process.stdout.write(inspectBanner(checked.target.url.origin, proxy.origin, `${site.replace(/\/$/, '')}/inspector/#내-서버-검사하기`));
  ready({ close: async () => (await proxy.close(), await app.close()) });
}

if (import.meta.main) main().catch(exitStartFailed);
