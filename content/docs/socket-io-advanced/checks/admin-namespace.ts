import type { Check } from '~/playground/challenge-api.ts';

/**
 * 도전 과제 「관리자 네임스페이스」: the playground's client.js visits the learner's Socket.IO
 * server as a guest (main namespace and /admin) and as an admin (/admin with the token). The
 * check reads that run's console: the guest still enters "/", is refused at /admin with the
 * message asked for, and the admin gets in. (The check API's own sockets reach only the root path
 * of the learner's server, so the visits run in the playground's browser file.)
 */
const check: Check = async ({ waitForLine, lines }) => {
  const done = await waitForLine('확인 끝', { side: 'client', timeoutMs: 10_000 });
  if (done === null) return [{ ok: false, text: '방문이 끝나지 않았습니다. 서버가 실행 중인지, 콘솔에 오류가 없는지 확인하세요.' }];
  const said = (start: string) => lines().find((line) => line.side === 'client' && line.text.startsWith(start))?.text ?? null;
  const guestMain = said('[손님] / 받음:');
  const guestAdmin = said('[손님] /admin ');
  const admin = said('[관리자] /admin ');
  return [
    {
      ok: guestMain !== null,
      text: guestMain !== null ? '손님은 여전히 메인 네임스페이스(/)에 들어옵니다.' : '손님이 메인 네임스페이스(/)에 들어오지 못했습니다. 검사는 /admin에만 거세요(io.use가 아니라 admin.use).',
    },
    {
      ok: guestAdmin === '[손님] /admin connect_error: 관리자만 들어올 수 있습니다',
      text:
        guestAdmin === '[손님] /admin connect_error: 관리자만 들어올 수 있습니다'
          ? '토큰 없는 손님은 /admin에서 「관리자만 들어올 수 있습니다」로 거절됩니다.'
          : `토큰 없는 손님이 /admin에서 거절되지 않았습니다(${guestAdmin ?? '결과 없음'}). next(new Error("관리자만 들어올 수 있습니다"))로 거절하세요.`,
    },
    {
      ok: admin === '[관리자] /admin 받음: 관리자 화면입니다.',
      text: admin === '[관리자] /admin 받음: 관리자 화면입니다.' ? '토큰이 맞는 관리자는 /admin에 들어옵니다.' : `토큰이 맞는 관리자가 /admin에 들어오지 못했습니다(${admin ?? '결과 없음'}).`,
    },
  ];
};

export default check;
