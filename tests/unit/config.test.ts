import { describe, expect, it } from 'vitest';
import { ConfigError, isLoopbackHost, loadConfig } from '../../playground-server/config.ts';

describe('loadConfig', () => {
  it('defaults to loopback on port 4321 with a 64 KiB message limit', () => {
    const config = loadConfig([], {});
    expect(config).toMatchObject({ port: 4321, host: '127.0.0.1', maxPayload: 65536, logLevel: 'info', buildIfStale: true });
  });

  it('honours PORT and HOST, and flags over both', () => {
    expect(loadConfig([], { PORT: '5000', HOST: '0.0.0.0' })).toMatchObject({ port: 5000, host: '0.0.0.0' });
    expect(loadConfig(['--port', '6000', '--host', '::1'], { PORT: '5000' })).toMatchObject({ port: 6000, host: '::1' });
  });

  it('reads the extra allowed origins as a list, normalised', () => {
    expect(loadConfig([], { ALLOWED_ORIGINS: 'https://a.example/, https://b.example' }).allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('explains bad values in Korean, naming the setting', () => {
    expect(() => loadConfig([], { PORT: '99999' })).toThrow(ConfigError);
    expect(() => loadConfig([], { PORT: 'abc' })).toThrow(/설정이 올바르지 않습니다[\s\S]*port/);
    expect(() => loadConfig([], { LOG_LEVEL: 'loud' })).toThrow(/logLevel: silent, error, warn, info, debug 중 하나/);
    expect(() => loadConfig([], { ALLOWED_ORIGINS: 'evil' })).toThrow(/allowedOrigins/);
  });

  it('reads an empty variable as unset, not as 0 or a refusal (PORT= in a compose file)', () => {
    const blank = { PORT: '', HOST: ' ', WS_MAX_PAYLOAD: '', WORKERS: '', WS_PING_INTERVAL_MS: '', SANDBOX_TOTAL: '', REDIS_URL: '', METRICS_TOKEN: '' };
    expect(loadConfig([], blank)).toEqual(loadConfig([], {}));
    expect(loadConfig([], { ...blank, PORT: '5000' }).port).toBe(5000);
  });

  it('refuses unknown flags', () => {
    expect(() => loadConfig(['--prot', '1'], {})).toThrow(/명령줄 인자/);
  });

  it('knows which hosts are loopback', () => {
    expect(['127.0.0.1', 'localhost', '::1'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '192.168.0.10'].some(isLoopbackHost)).toBe(false);
  });
});
