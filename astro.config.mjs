// @ts-check
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import { fileURLToPath } from 'node:url';
import { editorChunks } from './src/integrations/editor-chunks-plugin.ts';
import { editorTypes } from './src/integrations/editor-types.ts';
import { monacoCssInline } from './src/integrations/monaco-css-inline.ts';
import { playgroundIntegration } from './playground-server/entry/astro-integration.ts';
import { sidebar } from './src/sidebar.ts';

export default defineConfig({
  site: 'http://localhost:4321',
  trailingSlash: 'ignore',
  integrations: [
    starlight({
      title: 'WebSocket 놀이터',
      description: 'WebSocket과 Socket.IO를 브라우저에서 직접 실행하며 배우는 한국어 강의',
      defaultLocale: 'root',
      locales: { root: { label: '한국어', lang: 'ko' } },
      sidebar,
      // The sidebar as Starlight draws it, plus the learner's progress on its lesson links.
      components: { Sidebar: './src/components/ProgressSidebar.astro' },
      customCss: ['./src/styles/custom.css'],
      lastUpdated: false,
    }),
    playgroundIntegration(),
  ],
  vite: {
    plugins: [monacoCssInline(), editorTypes(fileURLToPath(new URL('.', import.meta.url))), editorChunks()],
    build: { chunkSizeWarningLimit: 8000 },
    worker: { format: 'es' },
  },
});
