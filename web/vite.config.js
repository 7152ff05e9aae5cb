import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// Built into web/dist, which `wangge serve` serves at / (index.html for client-side routes).
// `npm run dev` proxies the API to a server on 127.0.0.1:8080 (WANGGE_API to change it).
export default defineConfig({
  plugins: [vue()],
  base: '/',
  build: {
    outDir: process.env.WANGGE_WEB_OUT || 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks: {
          vue: ['vue', 'vue-router', 'vue-i18n'],
          element: ['element-plus'],
          echarts: ['echarts'],
          leaflet: ['leaflet'],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': process.env.WANGGE_API || 'http://127.0.0.1:8080',
      '/open311': process.env.WANGGE_API || 'http://127.0.0.1:8080',
    },
  },
})
