import type { Check } from '~/playground/challenge-api.ts';

const PAYLOAD = `<img src=x onerror="console.log('XSS 실행됨')">`;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * 도전 과제 ‘보낸 사람은 굵게, 내용은 안전하게’: decided from what the learner's page says it shows
 * (`화면에 보이는 글: …`, `굵게 보이는 부분: …`). Its own test message must show as text and run
 * nothing; then this check joins the chat itself and sends another tag, which must show as text too.
 */
const check: Check = async ({ waitForLine, connect }) => {
  const literal = await waitForLine(new RegExp(`^화면에 보이는 글: [0-9a-f]{6}: ${escape(PAYLOAD)}$`), { timeoutMs: 5000 });
  // Whatever happened, the test message has been rendered by now (or never will be): an onerror runs within milliseconds.
  // Exactly the line the payload's onerror prints (the shown text of the payload contains the words too).
  const xss = waitForLine(/^XSS 실행됨$/, { timeoutMs: 3000 });

  // Someone else in the room sends markup: it must show as text too (not only the one test message).
  const socket = await connect('/ws/chat');
  const joined = await socket.waitForMessage(/^[0-9a-f]{6} 님이 연결되었습니다\.$/, 3000);
  const otherId = joined?.split(' ')[0] ?? '';
  const markup = `<b>굵게 ${Math.random().toString(36).slice(2, 8)}</b>`;
  socket.send(markup);
  const other = await waitForLine(`화면에 보이는 글: ${otherId}: ${markup}`, { timeoutMs: 4000 });
  const bold = await waitForLine(/^굵게 보이는 부분: [0-9a-f]{6}$/, { timeoutMs: 3000 });
  const ran = await xss;

  return [
    {
      ok: literal !== null,
      text: literal !== null ? '시험용 글 <img …>가 태그가 아니라 글자 그대로 보입니다.' : '시험용 글 <img …>가 글자 그대로 보이지 않습니다. 받은 글을 innerHTML로 넣으면 태그로 해석됩니다. textContent나 append(문자열)를 쓰세요.',
    },
    {
      ok: ran === null,
      text: ran === null ? '받은 글에 든 스크립트(onerror)가 실행되지 않았습니다.' : '받은 글의 onerror가 실행되어 콘솔에 “XSS 실행됨”이 찍혔습니다. 이것이 XSS입니다.',
    },
    {
      ok: other !== null,
      text: other !== null ? `다른 사람이 보낸 ${markup}도 글자 그대로 보입니다.` : `이 확인이 채팅방에 보낸 ${markup}가 글자 그대로 보이지 않습니다. 시험용 글만이 아니라 모든 메시지를 안전하게 표시해야 합니다.`,
    },
    {
      ok: bold !== null,
      text: bold !== null ? '보낸 사람의 id는 여전히 굵게(<strong>) 보입니다.' : '보낸 사람의 id가 굵게 보이지 않습니다. document.createElement("strong")으로 요소를 만들고 textContent로 id를 넣으세요.',
    },
  ];
};

export default check;
