declare module 'virtual:ws-noriteo/editor-types' {
  const libs: Array<{ path: string; content: string }>;
  export default libs;
}

declare module 'virtual:ws-noriteo/server-types' {
  const libs: Array<{ path: string; content: string }>;
  export default libs;
}
