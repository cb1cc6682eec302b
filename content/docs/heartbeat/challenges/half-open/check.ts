import type { Check, ConsoleRecord } from '~/playground/challenge-api.ts';

/** How long after the line goes silent the learner's code has to notice (ping every 1 s, answer within 3 s, plus slack). */
const NOTICE_WITHIN_MS = 9000;

/**
 * 도전 과제 ‘반쯤 열린 연결 알아채기’: once the page is connected to /ws/echo and has pinged for a
 * moment, the check silences the playground's connections for real (the network panel's
 * 조용히 끊기: the socket stays open, every byte is dropped). The learner's code must print
 * 끊김 감지 within a few seconds and then open a new connection (printing 연결됨 again), and must
 * not raise a false alarm while the line was healthy.
 */
const check: Check = async ({ lines, breakConnections, sleep }) => {
  const until = async (find: () => ConsoleRecord | undefined, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found || Date.now() > deadline) return found ?? null;
      await sleep(100);
    }
  };
  const connected = (after: number) => until(() => lines().find((line) => line.text === '연결됨' && line.time >= after), 5000);

  const first = await connected(0);
  if (!first) return [{ ok: false, text: '“연결됨”이 찍히지 않았습니다. open 이벤트에서 console.log("연결됨")을 그대로 두세요.' }];
  // A few healthy heartbeats first: a correct detector stays quiet on a working line.
  await sleep(2500);
  const falseAlarm = lines().some((line) => line.text.includes('끊김 감지'));
  const silenced = await breakConnections({ silent: true });
  const cutAt = Date.now();
  const detected = await until(() => lines().find((line) => line.text.includes('끊김 감지') && line.time >= cutAt), NOTICE_WITHIN_MS);
  const again = detected ? await connected(detected.time) : null;
  return [
    {
      ok: !falseAlarm,
      text: falseAlarm
        ? '연결이 멀쩡한데도 “끊김 감지”가 찍혔습니다. ping을 보낸 뒤 답이 올 시간을 주고, 무엇이든 받으면 살아 있는 것으로 보세요.'
        : '연결이 멀쩡한 동안에는 끊김으로 오해하지 않았습니다.',
    },
    {
      ok: detected !== null,
      text:
        detected !== null
          ? `조용히 끊긴 연결을 ${((detected.time - cutAt) / 1000).toFixed(1)}초 만에 알아챘습니다.`
          : silenced === 0
            ? '끊을 연결이 없었습니다. /ws/echo에 연결한 채로 두세요.'
            : `연결을 조용히 끊은 뒤 ${NOTICE_WITHIN_MS / 1000}초가 지나도 “끊김 감지”가 찍히지 않았습니다. 보낸 ping 뒤로 3초 동안 아무것도 받지 못했는지 확인하세요.`,
    },
    {
      ok: again !== null,
      text:
        again !== null
          ? '알아챈 뒤 새 연결을 열었습니다(“연결됨”).'
          : '끊김을 알아챈 뒤 새 연결이 열리지 않았습니다. 답 없는 소켓은 버리고 connect()를 다시 부르세요. 닫히기(close 이벤트)를 기다리면 안 됩니다.',
    },
  ];
};

export default check;
