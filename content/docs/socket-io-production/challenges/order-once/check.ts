import type { Check } from '~/playground/challenge-api.ts';

/**
 * 도전 과제 ‘주문은 한 번만’: the check connects to the learner's Socket.IO server itself (port
 * 3000) and plays a client whose acknowledgement got lost: it sends the same order (same id) twice,
 * then a different one, then asks for the total. An idempotent server counts the repeated order
 * once and still answers it (or the real client would retry again); a malformed order gets an
 * answer too, and changes nothing. Totals are measured from what the server held before the check's
 * first order (client.js may have ordered already). What client.js prints plays no part.
 */
const check: Check = async ({ socketIo, waitForLine }) => {
  // client.js places its own order first; let it finish so the totals below are the check's alone.
  await waitForLine(/서버의 합계/, { side: 'client', timeoutMs: 3000 });
  const client = await socketIo(3000);
  if (client.connectError !== null) return [{ ok: false, text: `서버에 연결하지 못했습니다(${client.connectError.message}).` }];
  const before = Number((await client.emitWithAck('total'))?.[0] ?? 0);
  const id = `check-${Math.random().toString(36).slice(2)}`;
  const first = await client.emitWithAck('order', { id, amount: 5000 });
  const again = await client.emitWithAck('order', { id, amount: 5000 });
  const other = await client.emitWithAck('order', { id: `${id}-b`, amount: 3000 });
  const total = Number((await client.emitWithAck('total'))?.[0]) - before;
  const malformed = await client.emitWithAck('order', { id: 42, amount: '많이' });
  const totalAfter = Number((await client.emitWithAck('total'))?.[0]) - before;
  return [
    {
      ok: first !== null && other !== null,
      text: first !== null && other !== null ? '새 주문에는 답합니다.' : '새 주문에 3초 안에 답이 없었습니다. 처리한 뒤 callback을 부르세요.',
    },
    {
      ok: again !== null,
      text:
        again !== null
          ? '같은 id로 다시 온 주문에도 답합니다(답하지 않으면 클라이언트가 retries만큼 또 보냅니다).'
          : '같은 id로 다시 온 주문에 답하지 않았습니다. 이미 처리한 주문이어도 callback을 불러야 클라이언트가 다시 보내기를 멈춥니다.',
    },
    {
      ok: total === 8000,
      text:
        total === 8000
          ? '같은 주문을 두 번 받아도 한 번만 셌습니다: 합계가 5000원 + 3000원 = 8000원 늘었습니다.'
          : `합계가 ${String(total)}원 늘었습니다. 같은 id의 주문(5000원)을 두 번 받고 다른 주문(3000원)을 받았으니 8000원이어야 합니다. 처리한 id를 기억해 두고, 다시 오면 더하지 마세요.`,
    },
    {
      ok: malformed !== null && totalAfter === total,
      text:
        malformed !== null && totalAfter === total
          ? '모양이 틀린 주문에도 답하고, 합계는 그대로입니다.'
          : '모양이 틀린 주문({ id: 42, amount: "많이" })에 답이 없거나 합계가 바뀌었습니다. 받은 값을 검사하고, 거절할 때도 callback으로 답하세요.',
    },
  ];
};

export default check;
