// Routes of the orders screens. meta: title (i18n key), menu (shown in the side menu), icon (Element Plus icon
// name), perm (a permission from /api/v1/me; without it the page shows the no-permission screen),
// layout ('app' = signed-in frame, default; 'public' = no sign-in needed), order (menu position).
export default [
  { path: '/orders', component: () => import('./OrderList.vue'), meta: { title: 'menu.orders', menu: true, icon: 'Tickets', perm: 'order.read', order: 20 } },
  { path: '/orders/:id(\\d+)', component: () => import('./OrderDetail.vue'), meta: { title: 'orders.detailTitle', perm: 'order.read' } },
  { path: '/inbox', component: () => import('./Inbox.vue'), meta: { title: 'menu.inbox', menu: true, icon: 'Bell', order: 90 } },
]
