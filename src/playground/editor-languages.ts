/**
 * The language services (TypeScript for JavaScript files, HTML), loaded once an editor is on
 * screen (editor.ts). Each registers for the first model of its language (`languages.onLanguage`),
 * and loading one brings the services' shared machinery (about 100 KiB) and, later, its worker:
 * none of that is needed to type. The models an editor already showed were announced before
 * these modules listened, so their services are started here by hand; models of other languages
 * later start theirs the usual way.
 */
import { htmlDefaults } from 'monaco-editor/languages/features/html/register';
import { javascriptDefaults, ModuleKind, ModuleResolutionKind, ScriptTarget, typescriptDefaults } from 'monaco-editor/languages/features/typescript/register';

for (const defaults of [javascriptDefaults, typescriptDefaults]) {
  defaults.setCompilerOptions({
    ...defaults.getCompilerOptions(),
    target: ScriptTarget.ESNext,
    module: ModuleKind.ESNext,
    moduleResolution: ModuleResolutionKind.NodeJs,
    allowJs: true,
    allowNonTsExtensions: true,
    lib: ['esnext', 'dom', 'dom.iterable'],
  });
}

/** Starts the services of the languages in `seen` (models created before this module was loaded). */
export async function startLanguageServices(seen: ReadonlySet<string>): Promise<void> {
  const started: Array<Promise<unknown>> = [];
  if (seen.has('javascript') || seen.has('typescript')) {
    started.push(
      import('monaco-editor/languages/features/typescript/tsMode').then((mode) => {
        if (seen.has('javascript')) mode.setupJavaScript(javascriptDefaults);
        if (seen.has('typescript')) mode.setupTypeScript(typescriptDefaults);
      }),
    );
  }
  if (seen.has('html')) started.push(import('monaco-editor/languages/features/html/htmlMode').then((mode) => mode.setupMode(htmlDefaults)));
  await Promise.all(started);
}
