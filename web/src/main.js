import { createApp } from 'vue';
import 'element-plus/theme-chalk/base.css';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import 'element-plus/es/components/notification/style/css';
import './styles/app.css';
import App from './App.vue';
import { router } from './router.js';

createApp(App).use(router).mount('#app');

// The dashboard is the home page: when the app opens on it, fetch and evaluate the chart
// library while the first requests are on the wire (it stays a separate chunk).
if (/^\/(dashboard\/?)?$/.test(location.pathname)) import('./lib/echarts.js');
