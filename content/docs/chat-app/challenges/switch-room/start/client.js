import { io } from "https://cdn.socket.io/4.7.5/socket.io.esm.min.js";

// 세 사람이 접속합니다. 앨리스가 로비에서 게임방으로 옮긴 뒤, 누가 어떤 메시지를 받는지 봅니다.
async function enter(nickname, room) {
  const socket = io({ forceNew: true, auth: { nickname } });
  socket.on("message", ({ room, from, text }) => console.log(`[${nickname}] 받음: [${room}] ${from}: ${text}`));
  await socket.emitWithAck("join", room); // 서버가 ack로 답하면 방에 들어간 것입니다
  return socket;
}

const alice = await enter("앨리스", "로비");
const bob = await enter("밥", "로비");
const minsu = await enter("민수", "게임방");

await alice.emitWithAck("join", "게임방");
console.log("앨리스가 게임방으로 옮겼습니다.");

bob.emit("message", "로비에 누구 있나요?");
minsu.emit("message", "게임방에 어서 오세요!");

setTimeout(() => {
  console.log("시나리오 끝");
  for (const socket of [alice, bob, minsu]) socket.disconnect();
}, 1000);
