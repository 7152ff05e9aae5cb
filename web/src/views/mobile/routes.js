// Routes of the mobile screens (the grid worker on a phone). meta: title (i18n key), menu (shown in the side
// menu), icon (Element Plus icon name), perm (a permission from /api/v1/me; without it the page shows the
// no-permission screen), roles (roles that may open it), layout, order (menu position).
export default [
  {
    path: '/m',
    component: () => import('./Tasks.vue'),
    meta: { title: 'menu.mobile', menu: true, icon: 'Iphone', roles: ['grid_worker'], perm: 'order.handle', order: 5 },
  },
  {
    path: '/m/report',
    component: () => import('../public/ReportForm.vue'),
    props: { mode: 'worker' },
    meta: { title: 'mobile.report.title', menu: true, icon: 'Camera', roles: ['grid_worker'], perm: 'order.report', order: 6 },
  },
  {
    path: '/m/screening',
    component: () => import('../screenings/ScreeningForm.vue'),
    meta: { title: 'menu.screening', menu: true, icon: 'Finished', roles: ['grid_worker', 'township_official'], perm: 'dispute.register', order: 7 },
  },
]
