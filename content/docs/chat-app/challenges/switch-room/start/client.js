import { io } from "https://cdn.socket.io/4.7.5/socket.io.esm.min.js";

// 세 사람이 접속합니다. 앨리스가 로비에서 게임방으로 옮긴 뒤, 누가 어떤 메시지를 받는지 봅니다.
// 방에 들어가고, 서버의 응답 확인(ack)을 기다립니다. 기다림에는 언제나 끝을 둡니다: 2초 안에 답이 없으면 오류입니다.
async function join(socket, nickname, room) {
  let answer;
  try {
    answer = await socket.timeout(2000).emitWithAck("join", room);
  } catch {
    throw new Error(`${nickname}: 서버가 2초 안에 join에 답하지 않았습니다. join 처리기가 모든 경우에 callback을 부르는지 확인하세요.`);
  }
  if (!answer?.ok) throw new Error(`${nickname}: ${room}에 들어가지 못했습니다(${answer?.error ?? "이유 없음"}).`);
}

async function enter(nickname, room) {
  const socket = io({ forceNew: true, auth: { nickname } });
  socket.on("message", ({ room, from, text }) => console.log(`[${nickname}] 받음: [${room}] ${from}: ${text}`));
  await join(socket, nickname, room);
  return socket;
}

const alice = await enter("앨리스", "로비");
const bob = await enter("밥", "로비");
const minsu = await enter("민수", "게임방");

await join(alice, "앨리스", "게임방");
console.log("앨리스가 게임방으로 옮겼습니다.");

bob.emit("message", "로비에 누구 있나요?");
minsu.emit("message", "게임방에 어서 오세요!");

setTimeout(() => {
  console.log("시나리오 끝");
  for (const socket of [alice, bob, minsu]) socket.disconnect();
}, 1000);
