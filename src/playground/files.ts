/** A playground's files: name → content, in tab order. */
export type PlaygroundFiles = Record<string, string>;

export type FileLanguage = 'javascript' | 'typescript' | 'html' | 'json';

const LANGUAGES: Record<string, FileLanguage> = {
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  ts: 'typescript',
  mts: 'typescript',
  html: 'html',
  htm: 'html',
  json: 'json',
};

/** The editor language for a file name, by extension (JavaScript when unknown). */
export function languageOf(filename: string): FileLanguage {
  const extension = filename.slice(filename.lastIndexOf('.') + 1).toLowerCase();
  return LANGUAGES[extension] ?? 'javascript';
}

/** The HTML page of a playground, if it has one: it is shown in the preview pane. */
export function pageFile(files: PlaygroundFiles): string | undefined {
  return Object.keys(files).find((name) => /^index\.html?$/i.test(name)) ?? Object.keys(files).find((name) => languageOf(name) === 'html');
}

/** Files whose content differs from the original, or which the original lacks. */
export function changedFiles(current: PlaygroundFiles, original: PlaygroundFiles): string[] {
  return Object.keys(current).filter((name) => current[name] !== original[name]);
}
