import type { Check, ConsoleRecord } from '~/playground/challenge-api.ts';
import { encodeFrame } from '../../../../../protocol/wire/frame.ts';

/** [payload bytes, sent by the browser] as challenge.js prints them. */
const CASES: ReadonlyArray<readonly [number, boolean]> = [
  [5, true],
  [125, false],
  [126, false],
  [65535, true],
  [65536, false],
  [70000, true],
];

/** The whole frame, as the inspector's own encoder writes it (RFC 6455 §5.2): masked when the browser sends it. */
function frameSize(payload: number, fromClient: boolean): number {
  return encodeFrame({ opcode: 0x2, payload: new Uint8Array(payload), maskingKey: fromClient ? new Uint8Array(4) : null }).length;
}

const GROUPS = [
  { cases: [0, 1], pass: '125바이트 이하: 헤더 2바이트(+ 브라우저가 보내면 마스킹 키 4바이트)가 맞습니다.', hint: '125바이트 이하는 헤더 2바이트에, 브라우저→서버면 마스킹 키 4바이트를 더합니다.' },
  { cases: [2, 3], pass: '126~65535바이트: 16비트 길이(2바이트)가 더 붙는 것까지 맞습니다.', hint: '길이가 126~65535바이트면 7비트 칸에 126을 쓰고 뒤에 16비트(2바이트) 길이가 붙습니다.' },
  { cases: [4, 5], pass: '65536바이트 이상: 64비트 길이(8바이트)가 더 붙는 것까지 맞습니다.', hint: '65536바이트 이상이면 7비트 칸에 127을 쓰고 뒤에 64비트(8바이트) 길이가 붙습니다.' },
] as const;

/**
 * 도전 과제 ‘프레임 크기 계산기’: the six lines challenge.js prints, compared with the sizes
 * RFC 6455 §5.2 gives, one result for each length form.
 */
const check: Check = async ({ waitForLine, lines }) => {
  const label = ([payload, fromClient]: readonly [number, boolean]) => `${payload}바이트, ${fromClient ? '브라우저→서버' : '서버→브라우저'}`;
  const lastLabel = label(CASES[CASES.length - 1] ?? [0, false]);
  await waitForLine(`${lastLabel}: `, { timeoutMs: 4000 });
  const printed = (start: string): ConsoleRecord | undefined => lines().find((line) => line.text.startsWith(`${start}: `));
  return GROUPS.map((group) => {
    const problems = group.cases.flatMap((index) => {
      const entry = CASES[index];
      if (entry === undefined) return [];
      const start = label(entry);
      const expected = frameSize(...entry);
      const line = printed(start);
      if (line === undefined) return [`“${start}: …” 줄이 출력되지 않았습니다(출력하는 코드는 그대로 두세요).`];
      const answer = Number(/^(\d+)바이트$/.exec(line.text.slice(start.length + 2))?.[1]);
      return answer === expected ? [] : [`${start}: ${line.text.slice(start.length + 2)}라고 나왔지만 ${expected}바이트여야 합니다.`];
    });
    return { ok: problems.length === 0, text: problems.length === 0 ? group.pass : `${problems.join(' ')} ${group.hint}` };
  });
};

export default check;
