import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import * as Icons from '@element-plus/icons-vue'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import App from './App.vue'
import { router } from './router.js'
import { i18n } from './i18n/index.js'
import { setLocaleGetter } from './api/client.js'
import './styles.css'

setLocaleGetter(() => i18n.global.locale.value)
const app = createApp(App)
for (const [name, comp] of Object.entries(Icons)) app.component(name, comp)
app.use(ElementPlus, { locale: zhCn })
app.use(i18n)
app.use(router)
app.mount('#app')
