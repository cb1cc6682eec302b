import type { Check } from '~/playground/challenge-api.ts';

const REFUSAL = '관리자만 들어올 수 있습니다';

/**
 * 도전 과제 ‘관리자 네임스페이스’: the check connects to the learner's Socket.IO server itself
 * (port 3000), as a guest to "/" and to "/admin", and as an admin to "/admin" with the token. The
 * guest still enters "/", is refused at /admin with the message asked for, and the admin gets in
 * and hears the welcome. What client.js prints plays no part.
 */
const check: Check = async ({ socketIo }) => {
  const guestMain = await socketIo(3000, { auth: {} });
  const guestAdmin = await socketIo(3000, { namespace: '/admin', auth: {} });
  const admin = await socketIo(3000, { namespace: '/admin', auth: { token: 'admin-secret' } });
  const adminWelcome = admin.connectError === null ? await admin.waitForEvent('message', ([text]) => text === '관리자 화면입니다.') : null;
  const refusal = guestAdmin.connectError?.message ?? null;
  return [
    {
      ok: guestMain.connectError === null,
      text:
        guestMain.connectError === null
          ? '손님은 여전히 메인 네임스페이스(/)에 들어옵니다.'
          : `손님이 메인 네임스페이스(/)에 들어오지 못했습니다(${guestMain.connectError.message}). 검사는 /admin에만 거세요(io.use가 아니라 admin.use).`,
    },
    {
      ok: refusal === REFUSAL,
      text:
        refusal === REFUSAL
          ? `토큰 없는 손님은 /admin에서 “${REFUSAL}”로 거절됩니다.`
          : refusal === null
            ? '토큰 없는 손님이 /admin에 들어왔습니다. admin.use 미들웨어에서 토큰을 확인하고 next(new Error("관리자만 들어올 수 있습니다"))로 거절하세요.'
            : `토큰 없는 손님이 /admin에서 거절되었지만 메시지가 다릅니다(“${refusal}”). “${REFUSAL}”로 거절하세요.`,
    },
    {
      ok: admin.connectError === null && adminWelcome !== null,
      text:
        admin.connectError !== null
          ? `토큰이 맞는 관리자가 /admin에 들어오지 못했습니다(${admin.connectError.message}). 토큰이 "admin-secret"이면 next()를 부르세요.`
          : adminWelcome === null
            ? '관리자가 /admin에 들어왔지만 “관리자 화면입니다.”를 받지 못했습니다.'
            : '토큰이 맞는 관리자는 /admin에 들어오고 “관리자 화면입니다.”를 받습니다.',
    },
  ];
};

export default check;
