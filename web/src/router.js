import { createRouter, createWebHistory } from 'vue-router';

// Every page is its own chunk; print views render without the app's chrome (meta.bare).
const routes = [
  { path: '/', redirect: '/dashboard' },
  { path: '/dashboard', name: 'dashboard', component: () => import('./views/Dashboard.vue'), meta: { menu: 'dashboard', title: 'menu.dashboard' } },
  { path: '/orgs', name: 'orgs', component: () => import('./views/OrgTree.vue'), meta: { menu: 'orgs', title: 'menu.orgs' } },
  { path: '/members', name: 'members', component: () => import('./views/MemberList.vue'), meta: { menu: 'members', title: 'menu.members' } },
  { path: '/members/new', name: 'member-new', component: () => import('./views/MemberForm.vue'), meta: { menu: 'members', title: 'member.new' } },
  { path: '/members/:id(\\d+)', name: 'member', component: () => import('./views/MemberDetail.vue'), meta: { menu: 'members', title: 'member.detail' } },
  { path: '/members/:id(\\d+)/edit', name: 'member-edit', component: () => import('./views/MemberForm.vue'), meta: { menu: 'members', title: 'member.edit' } },
  { path: '/import', name: 'import', component: () => import('./views/ImportWizard.vue'), meta: { menu: 'import', title: 'menu.import' } },
  { path: '/alerts', name: 'alerts', component: () => import('./views/Alerts.vue'), meta: { menu: 'alerts', title: 'menu.alerts' } },
  { path: '/audit', name: 'audit', component: () => import('./views/AuditLog.vue'), meta: { menu: 'audit', title: 'menu.audit', perms: ['audit.read'] } },
  { path: '/accounts', name: 'accounts', component: () => import('./views/Accounts.vue'), meta: { menu: 'accounts', title: 'menu.accounts', perms: ['account.read', 'account.write'] } },
  { path: '/print/audit', name: 'print-audit', component: () => import('./views/print/PrintAudit.vue'), meta: { bare: true, title: 'menu.audit', perms: ['audit.read'] } },
  { path: '/print/members', name: 'print-members', component: () => import('./views/print/PrintMembers.vue'), meta: { bare: true, title: 'print.members_title' } },
  { path: '/print/children', name: 'print-children', component: () => import('./views/print/PrintChildren.vue'), meta: { bare: true, title: 'print.children_title' } },
  { path: '/print/alerts', name: 'print-alerts', component: () => import('./views/print/PrintAlerts.vue'), meta: { bare: true, title: 'print.alerts_title' } },
  { path: '/login', name: 'login', component: () => import('./views/Login.vue'), meta: { title: 'login.title', bare: true, public: true } },
  { path: '/:pathMatch(.*)*', name: 'notfound', component: () => import('./views/NotFound.vue'), meta: { title: 'notfound.title' } },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: (to, from, saved) => saved || { top: 0 },
});
