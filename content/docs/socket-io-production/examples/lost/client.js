import { io } from "https://cdn.socket.io/4.7.5/socket.io.esm.min.js";

const socket = io();
let last = 0;

socket.on("connect", () => console.log(`연결됨: id ${socket.id}, recovered ${socket.recovered}`));
socket.on("disconnect", (reason) => console.log(`끊김: ${reason}`));
socket.on("tick", (n) => {
  if (last !== 0 && n !== last + 1) console.log(`놓친 tick: ${last + 1}~${n - 1} (${n - last - 1}개)`);
  if (n % 10 === 0) console.log(`tick ${n}까지 받았습니다.`);
  last = n;
});
