import { ConfigError, loadConfig, type PlaygroundConfig } from '../config.ts';

/** A setting that is not valid ends every entry point with this code, before anything starts. */
export const BAD_CONFIG_EXIT_CODE = 2;

/** The config for an entry point: a bad setting is explained in Korean on stderr and the process exits with code 2. */
export function loadConfigOrExit(argv: readonly string[], env: NodeJS.ProcessEnv): PlaygroundConfig {
  try {
    return loadConfig(argv, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(BAD_CONFIG_EXIT_CODE);
  }
}

/** A start that failed (the port is taken, the sandbox a public address needs is missing): said in Korean, exit code 1. */
export function exitStartFailed(error: unknown): never {
  process.stderr.write(`놀이터 서버를 시작하지 못했습니다: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
