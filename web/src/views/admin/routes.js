// Routes of the admin screens. meta: title (i18n key), menu (shown in the side menu), icon (Element Plus icon
// name), perm (a permission from /api/v1/me; without it the page shows the no-permission screen),
// layout ('app' = signed-in frame, default; 'public' = no sign-in needed), order (menu position).
// Users and departments need user.admin (system admin, county command centre); the dispatch catalogue and
// the holiday calendar need catalog.admin (system admin).
export default [
  { path: '/admin', redirect: '/admin/users' },
  {
    path: '/admin/users',
    component: () => import('./Users.vue'),
    meta: { title: 'admin.menu.users', menu: true, icon: 'Setting', perm: 'user.admin', order: 91 },
  },
  {
    path: '/admin/departments',
    component: () => import('./Departments.vue'),
    meta: { title: 'admin.menu.departments', menu: true, icon: 'Setting', perm: 'user.admin', order: 92 },
  },
  {
    path: '/admin/categories',
    component: () => import('./Categories.vue'),
    meta: { title: 'admin.menu.categories', menu: true, icon: 'Setting', perm: 'catalog.admin', order: 93 },
  },
  {
    path: '/admin/calendar',
    component: () => import('./Calendar.vue'),
    meta: { title: 'admin.menu.calendar', menu: true, icon: 'Setting', perm: 'catalog.admin', order: 94 },
  },
]
