import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import { aliases } from './aliases'

// Four bundles: main (Electron entry, the lab's utility process and the Piscina worker as entries), preload (CommonJS:
// sandboxed preloads cannot be ES modules), renderer (Vue). Dependencies stay external to main,
// so better-sqlite3's native binding is loaded from node_modules at run time.
export default defineConfig({
  main: {
    resolve: { alias: aliases },
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // the utility process that hosts the archive and the runner
          labProcess: resolve(__dirname, 'src/main/labProcess.ts'),
          task: resolve(__dirname, 'src/workers/task.ts'),
          // the MNIST fit's row-block threads (latentFit.ts looks for latentBlockWorker.js beside its bundle)
          latentBlockWorker: resolve(__dirname, 'src/workers/engines/pseudoreal/latentBlockWorker.ts')
        }
      }
    }
  },
  preload: {
    resolve: { alias: aliases },
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    resolve: { alias: aliases },
    plugins: [vue()],
    build: {
      minify: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/renderer/index.html') },
        output: {
          // ECharts (with zrender) in one chunk of its own, shared by the views that draw charts and
          // fetched with the first of them; the PDF writer (jspdf, svg2pdf.js) in another, fetched
          // when a PDF is asked for (import()); each view is a chunk of its own (App.vue imports them lazily)
          manualChunks: (id: string) =>
            /[\\/]node_modules[\\/](echarts|zrender)[\\/]/.test(id) ? 'echarts' : /[\\/]node_modules[\\/](jspdf|svg2pdf\.js)[\\/]/.test(id) ? 'pdf' : undefined
        }
      }
    }
  }
})
