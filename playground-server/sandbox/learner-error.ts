import type { LearnerErrorCode } from '../../protocol/error-codes.ts';

/**
 * Reads the error Node printed when the learner's program died (a syntax error, an uncaught
 * exception, a sandbox refusal) out of the tail of its stderr, so the UI can mark the editor line.
 * Pure: text in, a value out; it never throws on odd input.
 */

export interface LearnerErrorLocation {
  /** Path inside the learner's files, e.g. "server.js". */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column, when Node printed one. */
  column: number | null;
}

export interface LearnerError {
  /** The error line as Node printed it, e.g. "TypeError: Cannot read properties of null (reading 'foo')". */
  message: string;
  /** Where in the learner's files it happened, or null when no frame of theirs is in the report. */
  location: LearnerErrorLocation | null;
  /** A Korean explanation when the error is one the sandbox caused on purpose (a refused API, a limit). */
  hint: string | null;
  /** The error's `code` property when Node printed one (ERR_ACCESS_DENIED, MODULE_NOT_FOUND, …). */
  code: string | null;
}

const PERMISSION_HINTS: Record<string, string> = {
  FileSystemRead: '놀이터의 서버 코드는 자기 폴더 밖의 파일을 읽을 수 없습니다.',
  FileSystemWrite: '놀이터의 서버 코드는 파일을 쓸 수 없습니다(서버의 디스크를 지키려고). 데이터는 메모리(배열, Map)에 두세요.',
  ChildProcess: '놀이터에서는 다른 프로그램(자식 프로세스)을 실행할 수 없습니다.',
  WorkerThreads: '놀이터에서는 Worker 스레드를 만들 수 없습니다.',
  Inspector: '놀이터에서는 inspector(디버거)를 쓸 수 없습니다.',
  WASI: '놀이터에서는 WASI를 쓸 수 없습니다.',
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function hintFor(code: string | null, permission: string | null, message: string): string | null {
  if (code === 'ERR_ACCESS_DENIED') {
    if (permission !== null && PERMISSION_HINTS[permission] !== undefined) return PERMISSION_HINTS[permission];
    if (message.includes('process.binding')) return 'process.binding(Node 내부 API)은 놀이터에서 쓸 수 없습니다.';
    return '놀이터에서 허용되지 않은 기능입니다.';
  }
  if (code === 'ERR_DLOPEN_DISABLED') return '놀이터에서는 네이티브 애드온(.node 파일)을 불러올 수 없습니다.';
  if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
    const name = /(?:module|package) '([^']+)'/.exec(message)?.[1];
    return `불러오려는 모듈을 찾을 수 없습니다${name === undefined ? '' : `: ${name}`}. 파일 이름과 경로를 확인하세요.`;
  }
  if (code === 'EFBIG' || /\bEFBIG\b/.test(message)) return '놀이터의 서버 코드는 파일에 내용을 쓸 수 없습니다.';
  if (code === 'EADDRINUSE') return '이미 같은 포트에서 기다리는 서버가 있습니다. 같은 포트를 두 번 listen하지 않았는지 확인하세요.';
  if (/^SyntaxError\b/.test(message)) return '문법 오류입니다. 표시된 줄과 그 앞 줄에서 괄호, 따옴표, 쉼표를 확인하세요.';
  if (/JavaScript heap out of memory/.test(message)) return '메모리가 부족합니다. 배열이나 버퍼가 끝없이 커지지 않는지 확인하세요.';
  return null;
}

/**
 * @param lines the last lines of the child's stderr, as printed (paths not rewritten)
 * @param dir the sandbox folder, so frames in the learner's files can be told from Node's and packages'
 */
export function parseLearnerError(lines: readonly string[], dir: string): LearnerError | null {
  const base = escapeRegExp(dir.replace(/\/+$/, ''));
  const learnerHeader = new RegExp(`^(?:file://)?${base}/(.+):(\\d+)$`);
  const anyHeader = /^(?:file:\/\/)?(?:\/\S*|node:\S+|\[eval\]):\d+$/;
  const learnerFrame = new RegExp(`(?:file://)?${base}/([^:()]+):(\\d+):(\\d+)`);

  const oom = lines.findIndex((line) => /JavaScript heap out of memory/.test(line));
  if (oom !== -1) {
    const message = lines[oom]!.replace(/^FATAL ERROR:\s*/, '');
    return { message, location: null, hint: hintFor(null, null, message), code: 'ERR_HEAP_OUT_OF_MEMORY' satisfies LearnerErrorCode };
  }

  let headerIndex = -1;
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    if (anyHeader.test(lines[i]!)) {
      headerIndex = i;
      break;
    }
  }

  // The error line: after the header's source and caret lines and one blank line; else the last
  // line that looks like "SomethingError: …".
  let messageIndex = -1;
  if (headerIndex !== -1) {
    const blank = lines.findIndex((line, i) => i > headerIndex && line.trim() === '');
    if (blank !== -1) messageIndex = lines.findIndex((line, i) => i > blank && line.trim() !== '');
  }
  if (messageIndex === -1) {
    for (let i = lines.length - 1; i >= 0; i -= 1) {
      if (/^(?:Uncaught )?[A-Z][\w$]*(?: \[[A-Z_0-9]+\])?: /.test(lines[i]!)) {
        messageIndex = i;
        break;
      }
    }
  }
  if (messageIndex === -1) return null;
  const message = lines[messageIndex]!.trim();

  const rest = lines.slice(messageIndex + 1);
  const field = (name: string) => {
    for (const line of rest) {
      const match = new RegExp(`^\\s+${name}: '([^']*)'`).exec(line);
      if (match) return match[1]!;
    }
    return null;
  };
  const bracketCode = /^[\w$]+ \[([A-Z_0-9]+)\]/.exec(message)?.[1] ?? null;
  const code = field('code') ?? bracketCode;
  const permission = field('permission');

  let location: LearnerErrorLocation | null = null;
  const header = headerIndex === -1 ? null : learnerHeader.exec(lines[headerIndex]!);
  const frame = rest
    .filter((line) => /^\s+at /.test(line))
    .map((line) => learnerFrame.exec(line))
    .find((match) => match !== null);
  if (header) {
    const file = header[1]!;
    const line = Number(header[2]);
    let column: number | null = null;
    if (frame && frame[1] === file && Number(frame[2]) === line) column = Number(frame[3]);
    else {
      const caret = lines[headerIndex + 2]?.indexOf('^') ?? -1;
      if (caret !== -1) column = caret + 1;
    }
    location = { file, line, column };
  } else if (frame) {
    location = { file: frame[1]!, line: Number(frame[2]), column: Number(frame[3]) };
  }

  return { message, location, hint: hintFor(code, permission, message), code };
}

/** "server.js 3번째 줄" — how the console panel names a location. */
export function describeLocation(location: LearnerErrorLocation): string {
  return `${location.file} ${location.line}번째 줄`;
}
