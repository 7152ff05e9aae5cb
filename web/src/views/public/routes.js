// Routes of the resident and public screens. meta: title (i18n key), menu (shown in the side menu), icon
// (Element Plus icon name), perm (a permission from /api/v1/me), roles (roles that may open it),
// layout ('app' = signed-in frame, default; 'public' = no sign-in needed), order (menu position).
export default [
  {
    path: '/resident',
    component: () => import('./MyReports.vue'),
    meta: { title: 'public.mine.title', menu: true, icon: 'House', roles: ['resident'], perm: 'order.read', order: 5 },
  },
  {
    path: '/resident/report',
    component: () => import('./ReportForm.vue'),
    props: { mode: 'resident' },
    meta: { title: 'menu.report', menu: true, icon: 'EditPen', roles: ['resident'], perm: 'order.report', order: 6 },
  },
  { path: '/track', component: () => import('./Track.vue'), meta: { title: 'menu.track', layout: 'public' } },
  { path: '/board', component: () => import('./Board.vue'), meta: { title: 'menu.board', layout: 'public' } },
]
