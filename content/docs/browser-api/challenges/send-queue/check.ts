import type { Check } from '~/playground/challenge-api.ts';

const EXPECTED = ['하나', '둘', '셋'];

/**
 * 도전 과제 ‘열리기 전에 보낸 메시지 지키기’: challenge.js calls safeSend three times before the
 * connection to /ws/echo opens. The echoes (printed as `에코: …`) must all come back, in order,
 * and nothing may throw (the starting code's send() throws InvalidStateError while CONNECTING).
 */
const check: Check = async ({ waitForLine, lines }) => {
  await waitForLine(/^에코: 셋$/, { timeoutMs: 4000 });
  const echoes = lines()
    .filter((line) => line.level === 'log' && line.text.startsWith('에코: '))
    .map((line) => line.text.slice('에코: '.length));
  const errors = lines().filter((line) => line.level === 'error');
  const arrived = EXPECTED.filter((message) => echoes.includes(message));
  const inOrder = echoes.slice(0, EXPECTED.length).join(',') === EXPECTED.join(',');
  return [
    {
      ok: arrived.length === EXPECTED.length,
      text:
        arrived.length === EXPECTED.length
          ? '열리기 전에 보낸 세 메시지가 모두 서버에 닿아 에코로 돌아왔습니다.'
          : `에코가 ${EXPECTED.length}개 가운데 ${arrived.length}개만 돌아왔습니다. 연결이 CONNECTING이면 메시지를 줄(배열)에 넣었다가 open 이벤트에서 보내세요.`,
    },
    {
      ok: inOrder,
      text: inOrder
        ? '하나, 둘, 셋 순서대로 돌아왔습니다.'
        : echoes.length === 0
          ? '돌아온 에코가 없어 순서를 확인할 수 없습니다.'
          : `순서가 다릅니다: ${echoes.join(', ')}. 줄에 넣은 순서대로 보내야 합니다.`,
    },
    {
      ok: errors.length === 0,
      text: errors.length === 0 ? '오류 없이 실행되었습니다.' : `오류가 났습니다: ${errors[0]?.text ?? ''}`,
    },
  ];
};

export default check;
