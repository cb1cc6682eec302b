import { io } from "https://cdn.socket.io/4.7.5/socket.io.esm.min.js";

// 손님은 메인과 /admin에, 관리자는 /admin에 들어가 봅니다.
function visit(who, namespace, auth) {
  return new Promise((resolve) => {
    const socket = io(namespace, { forceNew: true, auth });
    socket.on("message", (text) => {
      console.log(`[${who}] ${namespace} 받음: ${text}`);
      socket.disconnect();
      resolve();
    });
    socket.on("connect_error", (error) => {
      console.log(`[${who}] ${namespace} connect_error: ${error.message}`);
      socket.disconnect();
      resolve();
    });
  });
}

await visit("손님", "/", {});
await visit("손님", "/admin", {});
await visit("관리자", "/admin", { token: "admin-secret" });
console.log("확인 끝");
