// Renderer entry: zod without eval (the CSP forbids it), global styles, the app.
import { z } from 'zod'
import { createApp } from 'vue'
import App from './App.vue'
import '@renderer/styles/base.css'

z.config({ jitless: true })

createApp(App).mount('#app')
