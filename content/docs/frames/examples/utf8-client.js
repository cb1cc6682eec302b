function open(path) {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://localhost:8080${path}`);
    socket.onmessage = (event) => {
      console.log(`${path}: 받음 "${event.data}"`);
      socket.close(1000);
    };
    socket.onerror = () => console.log(`${path}: error 이벤트`);
    socket.onclose = (event) => {
      console.log(`${path}: close 이벤트, code ${event.code}, wasClean ${event.wasClean}`);
      resolve();
    };
  });
}

await open("/split");
await open("/broken");
