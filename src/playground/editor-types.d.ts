declare module 'virtual:ws-noriteo/editor-types' {
  const libs: Array<{ path: string; content: string }>;
  export default libs;
}

declare module 'virtual:ws-noriteo/server-types' {
  const libs: Array<{ path: string; content: string }>;
  export default libs;
}

// Monaco's language modes (shipped without declarations): editor-languages.ts starts them itself
// for the languages an editor showed before they were loaded.
declare module 'monaco-editor/languages/features/typescript/tsMode' {
  export function setupJavaScript(defaults: unknown): unknown;
  export function setupTypeScript(defaults: unknown): unknown;
}
declare module 'monaco-editor/languages/features/html/htmlMode' {
  export function setupMode(defaults: unknown): unknown;
}
