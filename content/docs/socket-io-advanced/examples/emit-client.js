import { io } from "https://cdn.socket.io/4.7.5/socket.io.esm.min.js";

// 세 사람이 차례로 들어옵니다. 각자 무엇을 받는지 보세요.
function join(name) {
  const socket = io({ forceNew: true, auth: { name } });
  socket.on("message", (text) => console.log(`[${name}] ${text}`));
  return new Promise((resolve) => socket.on("connect", () => resolve(socket)));
}

const a = await join("A");
const b = await join("B");
const c = await join("C");

a.emit("message", "안녕하세요");
setTimeout(() => c.disconnect(), 300);
setTimeout(() => [a, b].forEach((socket) => socket.disconnect()), 600);
