/**
 * The capture file (`CaptureFile` in capture.ts), validated once at the edge with zod. A file that
 * is not one gives a Korean sentence saying what is wrong and where, never an exception.
 */
import * as z from 'zod/mini';
import { CAPTURE_FORMAT, type CaptureFile } from './capture.ts';
import { BASE64_PATTERN } from './base64.ts';

/** Files above this size are refused before parsing (a capture of the playground is far smaller). */
export const MAX_CAPTURE_FILE_BYTES = 64 * 1024 * 1024;

const direction = z.enum(['client-to-server', 'server-to-client']);
const time = z.number().check(z.nonnegative());
const id = z.string().check(z.minLength(1), z.maxLength(200));
const base64 = z.string().check(z.regex(BASE64_PATTERN));

const text = (max: number) => z.string().check(z.maxLength(max));

/** TLS facts (TlsFacts in capture.ts): short texts from OpenSSL, bounded like the rest of the file. */
const tlsFacts = z.object({
  protocol: z.nullable(text(100)),
  cipher: z.nullable(text(200)),
  alpn: z.nullable(text(100)),
  subject: text(2000),
  issuer: text(2000),
  validFrom: text(100),
  validTo: text(100),
  fingerprint256: text(200),
  trusted: z.boolean(),
  untrustedReason: z.nullable(text(200)),
});

const capturedConnection = z.object({
  id,
  target: z.string().check(z.maxLength(2000)),
  startedAt: z.number(),
  endedAt: z.nullable(time),
  chunks: z.array(z.object({ direction, t: time, base64, elided: z.optional(z.int().check(z.positive(), z.lte(2 ** 32 - 1))) })),
  truncated: z.boolean(),
  tls: z.optional(tlsFacts),
});

/** A capture file, version 1. */
export const captureFileSchema = z.object({
  format: z.literal(CAPTURE_FORMAT),
  version: z.literal(1),
  exportedAt: z.string(),
  connections: z.array(capturedConnection).check(z.maxLength(10_000)),
});

// The schema must describe exactly the shared type: a change to one fails type-checking here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const fileMatches: Same<z.infer<typeof captureFileSchema>, CaptureFile> = true;
void fileMatches;

/** A parsed file, or what is wrong with it. */
export type CaptureFileResult = { ok: true; file: CaptureFile } | { ok: false; error: string };

/** "… must be a <type>", with the particle each word takes. */
const MUST_BE: Readonly<Record<string, string>> = {
  string: '문자열이어야',
  number: '숫자여야',
  boolean: 'true나 false여야',
  object: '객체여야',
  array: '배열이어야',
  null: 'null이어야',
};

type Issue = z.core.$ZodIssue;

function pathOf(issue: Issue): string {
  let path = '';
  for (const key of issue.path) path += typeof key === 'number' ? `[${key}]` : `${path === '' ? '' : '.'}${String(key)}`;
  return path === '' ? '파일 전체' : path;
}

/** One issue as a Korean sentence. */
function describeIssue(issue: Issue): string {
  const where = pathOf(issue);
  switch (issue.code) {
    case 'invalid_type':
      return `${where}: ${MUST_BE[issue.expected] ?? `${issue.expected} 값이어야`} 합니다.`;
    case 'invalid_value':
      return `${where}: ${issue.values.map((value) => JSON.stringify(value)).join(', ')} 중 하나여야 합니다.`;
    case 'invalid_format':
      return where.endsWith('base64') ? `${where}: 올바른 base64 문자열이 아닙니다.` : `${where}: 형식이 맞지 않습니다.`;
    case 'too_small':
      return `${where}: ${issue.origin === 'string' ? `${String(issue.minimum)}글자 이상이어야` : issue.origin === 'array' ? `항목이 ${String(issue.minimum)}개 이상이어야` : `${String(issue.minimum)} 이상이어야`} 합니다.`;
    case 'too_big':
      return `${where}: ${issue.origin === 'string' ? `${String(issue.maximum)}글자 이하여야` : issue.origin === 'array' ? `항목이 ${String(issue.maximum)}개 이하여야` : `${String(issue.maximum)} 이하여야`} 합니다.`;
    case 'unrecognized_keys':
      return `${where}: 알 수 없는 항목 ${issue.keys.join(', ')}가 있습니다.`;
    default:
      return `${where}: 값이 올바르지 않습니다.`;
  }
}

const INTRO = '캡처 파일을 열 수 없습니다.';

/**
 * Reads a capture file from its JSON text (or from a value already parsed). Never throws: a bad
 * file gives `{ ok: false, error }` with a Korean sentence naming the first problem and its place.
 */
export function parseCaptureFile(input: string | unknown): CaptureFileResult {
  let json: unknown = input;
  if (typeof input === 'string') {
    if (input.length > MAX_CAPTURE_FILE_BYTES) return { ok: false, error: `${INTRO} 파일이 너무 큽니다(최대 ${MAX_CAPTURE_FILE_BYTES / 1024 / 1024} MiB).` };
    try {
      json = JSON.parse(input);
    } catch {
      return { ok: false, error: `${INTRO} JSON 형식이 아닙니다. 검사기의 ‘JSON 내보내기’로 저장한 파일인지 확인하세요.` };
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json) || (json as { format?: unknown }).format !== CAPTURE_FORMAT) {
    return { ok: false, error: `${INTRO} WebSocket 놀이터의 캡처 파일이 아닙니다(format이 "${CAPTURE_FORMAT}"여야 합니다).` };
  }
  const version = (json as { version?: unknown }).version;
  if (version !== 1) return { ok: false, error: `${INTRO} 지원하지 않는 버전입니다(version ${JSON.stringify(version) ?? '없음'}). 이 검사기는 version 1을 읽습니다.` };
  const parsed = captureFileSchema.safeParse(json);
  if (!parsed.success) {
    const [first, ...rest] = parsed.error.issues;
    const more = rest.length > 0 ? ` 그 밖에도 문제가 ${rest.length}개 더 있습니다.` : '';
    return { ok: false, error: `${INTRO} ${first === undefined ? '' : describeIssue(first)}${more}` };
  }
  const seen = new Set<string>();
  for (const connection of parsed.data.connections) {
    if (seen.has(connection.id)) return { ok: false, error: `${INTRO} 두 연결의 id가 ${JSON.stringify(connection.id)}로 같습니다. 연결마다 id가 달라야 합니다.` };
    seen.add(connection.id);
  }
  return { ok: true, file: parsed.data };
}
