/**
 * The Monaco features a lesson's editor offers, instead of `features/register.all` (which also
 * brings the diff editor, sticky scroll, inlay hints, inline completions, colour pickers, the GPU
 * renderer, quick-access palettes…, about a third of Monaco's bytes, none of which a learner
 * editing a 20-line example uses). Each import registers its contribution with the editor.
 */
import 'monaco-editor/features/codicon/register';
// Typing: brackets, comments (Ctrl+/), indentation, line and word operations, multiple cursors, undo of cursor moves.
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/lineSelection/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/smartSelect/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/format/register';
// IntelliSense: completion list, snippets, hover, signature help, errors (F8), highlighting the word under the cursor.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/features/suggest/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/parameterHints/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/codeAction/register';
import 'monaco-editor/features/rename/register';
