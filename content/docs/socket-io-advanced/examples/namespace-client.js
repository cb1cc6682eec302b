import { io } from "https://cdn.socket.io/4.7.5/socket.io.esm.min.js";

const main = io(); // 메인 네임스페이스 "/"
main.on("message", (text) => console.log(`[/] ${text}`));
await new Promise((resolve) => main.on("connect", resolve));
main.emit("hello");

const admin = io("/admin"); // "/admin" 네임스페이스
admin.on("message", (text) => console.log(`[/admin] ${text}`));
admin.on("connect", () => {
  admin.emit("hello");
  // 둘은 Manager(= Engine.IO 연결) 하나를 함께 씁니다(다중화). id는 네임스페이스마다 따로입니다.
  console.log(`같은 연결을 쓰나요? ${main.io === admin.io}, id가 다른가요? ${main.id !== admin.id}`);
});

setTimeout(() => {
  main.disconnect();
  admin.disconnect();
}, 1500);
