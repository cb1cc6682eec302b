import type { Check } from '~/playground/challenge-api.ts';

/**
 * 도전 과제 ‘내 id 찾기’: the learner's code joins `/ws/chat`, finds the id the server gave it in
 * its own join notice (the first message a new connection gets) and sees its own message come back.
 * Decided from the console: `내 id: <6 hex digits>`, then `내 메시지가 돌아왔습니다: <text>`.
 */
const check: Check = async ({ waitForLine, lines }) => {
  const id = await waitForLine(/^내 id: [0-9a-f]{6}$/, { timeoutMs: 5000 });
  const back = await waitForLine(/^내 메시지가 돌아왔습니다: \S/, { timeoutMs: id === null ? 3000 : 5000 });
  const wrongId = id === null ? lines().find((line) => line.text.startsWith('내 id')) : undefined;
  return [
    {
      ok: id !== null,
      text:
        id !== null
          ? `서버가 붙여 준 id를 찾았습니다: ${id.text.slice('내 id: '.length)}.`
          : wrongId
            ? `“${wrongId.text}”가 출력되었지만, “내 id: ” 뒤에는 6자리 16진수 id만 와야 합니다. 입장 알림 "<id> 님이 연결되었습니다."의 첫 단어를 꺼내 보세요.`
            : '“내 id: <id>”가 출력되지 않았습니다. 연결한 뒤 서버가 맨 처음 보내는 메시지(내 입장 알림)에서 id를 꺼내 보세요.',
    },
    {
      ok: back !== null,
      text:
        back !== null
          ? `보낸 메시지가 돌아온 것을 알아보았습니다: ${back.text.slice('내 메시지가 돌아왔습니다: '.length)}`
          : '“내 메시지가 돌아왔습니다: <내용>”이 출력되지 않았습니다. 연결되면(onopen) 메시지를 보내고, "<내 id>: "로 시작하는 메시지를 기다리세요.',
    },
  ];
};

export default check;
