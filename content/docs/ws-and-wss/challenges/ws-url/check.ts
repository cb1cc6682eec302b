import type { Check } from '~/playground/challenge-api.ts';

/** The pages challenge.js converts, what toWebSocketUrl(page, "/ws/chat") must give, and what a wrong answer most likely missed. */
const CASES = [
  { page: 'http://localhost:4321/ws-and-wss/#intro', url: 'ws://localhost:4321/ws/chat', pass: 'http 페이지 → ws:// 주소가 맞습니다.', hint: 'http 페이지에서는 ws://에 같은 호스트·포트를 씁니다.' },
  {
    page: 'https://ws.school.example/lesson?week=3',
    url: 'wss://ws.school.example/ws/chat',
    pass: 'https 페이지 → wss:// 주소가 맞습니다.',
    hint: 'https 페이지에서 ws://로 연결하면 혼합 콘텐츠로 막힙니다. https면 wss://를 쓰고, 페이지의 쿼리는 버리세요.',
  },
  {
    page: 'https://example.com:8443/a/b#top',
    url: 'wss://example.com:8443/ws/chat',
    pass: '포트(8443)는 그대로, 조각(#top)은 버린 wss:// 주소가 맞습니다.',
    hint: '호스트와 포트는 페이지 주소에서 그대로 가져오고, 조각(#…)은 WebSocket 주소에 쓸 수 없으니 버립니다.',
  },
] as const;

/**
 * 도전 과제 ‘페이지에 맞는 WebSocket 주소 만들기’: the three lines challenge.js prints for its
 * sample pages, and the echo that proves the address it built for this page really connects.
 */
const check: Check = async ({ waitForLine, lines }) => {
  const echo = await waitForLine(/^에코: 주소가 맞았어요$/, { timeoutMs: 4000 });
  const results = CASES.map((entry) => {
    const line = lines().find((record) => record.text.startsWith(`${entry.page} → `));
    const got = line?.text.slice(entry.page.length + 3);
    if (got === entry.url) return { ok: true, text: entry.pass };
    return {
      ok: false,
      text: got === undefined ? `“${entry.page} → …” 줄이 출력되지 않았습니다.` : `${entry.page} → ${got}가 나왔지만 ${entry.url}여야 합니다. ${entry.hint}`,
    };
  });
  return [
    ...results,
    {
      ok: echo !== null,
      text: echo !== null ? '이 페이지의 주소로 만든 WebSocket 주소로 실제로 연결되어 에코가 돌아왔습니다.' : '이 페이지의 주소로 만든 주소에 연결되지 않았습니다(“에코: 주소가 맞았어요”가 없습니다).',
    },
  ];
};

export default check;
