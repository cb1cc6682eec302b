/**
 * The files of the editor's code (editor.ts's chunk and the chunks it imports, dependencies
 * first), written in at build time by src/integrations/editor-chunks-plugin.ts. Empty under `astro dev`,
 * where the placeholder stays.
 */
const written = '__WS_NORITEO_EDITOR_CHUNKS__';

export const EDITOR_CHUNKS: readonly string[] = written.split(' ').filter((file) => file.endsWith('.js'));
