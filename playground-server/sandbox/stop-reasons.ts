import type { SandboxLimits } from './options.ts';

/** Why a sandbox ended: a stable code for the UI and the log. */
export type SandboxStopReason =
  | 'stopped' // stop() by the learner (the Stop button) or the caller
  | 'exited' // the program ended by itself without an error
  | 'crashed' // the program ended with an error (syntax error, uncaught exception, non-zero exit)
  | 'start-failed' // the child could not be started at all
  | 'wall-time'
  | 'cpu-time'
  | 'memory'
  | 'output'
  | 'listen-timeout'
  | 'ports'
  | 'outbound-connections'
  | 'owner-gone'
  | 'shutdown';

const seconds = (ms: number) => `${Math.round(ms / 100) / 10}초`;
const duration = (ms: number) => (ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000}분` : seconds(ms));
const bytes = (n: number) => (n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : `${Math.round(n / 1024)} KB`);

/** The Korean sentence the console panel shows when a sandbox ends for `reason` (no error details). */
export function stopMessage(reason: SandboxStopReason, limits: SandboxLimits, code: number | null = null): string {
  switch (reason) {
    case 'stopped':
      return '서버를 멈췄습니다.';
    case 'exited':
      return `서버 프로그램이 끝났습니다 (종료 코드 ${code ?? 0}). 서버가 계속 실행되려면 listen 중인 포트가 있어야 합니다.`;
    case 'crashed':
      return `서버 프로그램이 오류로 끝났습니다${code === null ? '' : ` (종료 코드 ${code})`}.`;
    case 'start-failed':
      return '서버를 시작하지 못했습니다.';
    case 'wall-time':
      return `실행 시간 제한(${duration(limits.wallTimeMs)})이 지나 서버를 멈췄습니다. 다시 실행하면 처음부터 시작합니다.`;
    case 'cpu-time':
      return `CPU 시간 제한(${seconds(limits.cpuTimeMs)})을 넘겨 서버를 멈췄습니다. 끝나지 않는 반복문(while (true) 같은)이 있는지 확인하세요.`;
    case 'memory':
      return `메모리 제한을 넘겨 서버를 멈췄습니다 (JavaScript 힙 ${limits.heapMb} MB, 전체 ${limits.rssMb} MB). 배열이나 버퍼가 끝없이 커지지 않는지 확인하세요.`;
    case 'output':
      return `콘솔 출력이 너무 많아(${bytes(limits.outputBytes)} 초과) 서버를 멈췄습니다. 반복문 안의 console.log를 확인하세요.`;
    case 'listen-timeout':
      return `${seconds(limits.listenTimeoutMs)} 안에 포트를 열지(listen) 않아 서버를 멈췄습니다. server.listen(3000)이나 new WebSocket.Server({ port: 8080 })가 실행되는지 확인하세요.`;
    case 'ports':
      return `한 서버가 동시에 열 수 있는 포트는 ${limits.listeningPorts}개까지라 서버를 멈췄습니다.`;
    case 'outbound-connections':
      return `서버 코드가 동시에 연 연결이 ${limits.outboundConnections}개를 넘어 서버를 멈췄습니다.`;
    case 'owner-gone':
      return `페이지를 떠난 지 ${seconds(limits.ownerGraceMs)}가 지나 서버를 멈췄습니다.`;
    case 'shutdown':
      return '놀이터 서버가 종료되어 서버를 멈췄습니다.';
  }
}
