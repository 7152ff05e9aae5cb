// Routes of the dashboard screens. meta: title (i18n key), menu (shown in the side menu), icon (Element Plus icon
// name), perm (a permission from /api/v1/me; without it the page shows the no-permission screen),
// layout ('app' = signed-in frame, default; 'public' = no sign-in needed), order (menu position).
// /dashboard?place=<code> keeps the drill-down place across reloads.
export default [
  {
    path: '/dashboard',
    component: () => import('./Dashboard.vue'),
    meta: { title: 'menu.dashboard', menu: true, icon: 'DataAnalysis', perm: 'indicator.read', order: 10 },
  },
]
