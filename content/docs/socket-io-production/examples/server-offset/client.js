import { io } from "https://cdn.socket.io/4.7.5/socket.io.esm.min.js";

// auth는 연결할 때마다(다시 연결할 때도) 서버에 갑니다. 받은 마지막 id를 여기에 적어 둡니다.
const socket = io({ auth: { serverOffset: 0 } });

socket.on("connect", () => console.log(`연결됨: ${socket.auth.serverOffset}번까지 받았다고 알립니다.`));
socket.on("disconnect", (reason) => console.log(`끊김: ${reason}`));
socket.on("news", (text, id) => {
  const last = socket.auth.serverOffset;
  if (id <= last) return; // 이미 받은 것(중복)은 버립니다.
  if (last !== 0 && id !== last + 1) console.log(`빠진 소식: ${last + 1}~${id - 1}`);
  socket.auth.serverOffset = id;
  if (id % 10 === 0) console.log(`소식 ${id}번까지 받았습니다: ${text}`);
});
