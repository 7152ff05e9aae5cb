// Routes of the 服务工单 (六单一体) and 微心愿 / 微事务 screens. meta: title (i18n key), menu (shown in the side menu),
// icon (Element Plus icon name), perm (a permission from /api/v1/me), roles (roles that may open it), layout
// ('public': no sign-in), order (menu position). Phone screens under /m: 服务点单 for the people who order (residents,
// party members, household-unit leaders for themselves; grid workers for someone), 微心愿 for those who wish, 抢单大厅
// for the providers (service.provide). Desktop screens for the community secretary and the staff above
// (service.manage): 服务工单 (派单, 督单), 服务清单 (the menu editor), 微心愿 (审核发布). /board/services is the public
// 晒单 board. The area's messages (i18n.js) are registered in i18n/index.js.
const PEOPLE = ['resident', 'party_member', 'unit_leader']

export default [
  { path: '/m/services', component: () => import('./MyServices.vue'), meta: { title: 'services.nav.order', menu: true, icon: 'Service', perm: 'order.report', roles: [...PEOPLE, 'grid_worker'], order: 10 } },
  { path: '/m/wishes', component: () => import('./MyWishes.vue'), meta: { title: 'services.nav.wishes', menu: true, icon: 'Star', perm: 'order.report', roles: PEOPLE, order: 11 } },
  { path: '/m/hall', component: () => import('./Hall.vue'), meta: { title: 'services.nav.hall', menu: true, icon: 'Promotion', perm: 'service.provide', order: 12 } },
  { path: '/services', component: () => import('./ServicesAdmin.vue'), meta: { title: 'services.nav.admin', menu: true, icon: 'Service', perm: 'service.manage', order: 35 } },
  { path: '/services/menu', component: () => import('./MenuEditor.vue'), meta: { title: 'services.nav.menu', menu: true, icon: 'List', perm: 'service.manage', order: 36 } },
  { path: '/wishes', component: () => import('./WishesAdmin.vue'), meta: { title: 'services.nav.wishAdmin', menu: true, icon: 'StarFilled', perm: 'service.manage', order: 37 } },
  { path: '/board/services', component: () => import('./Board.vue'), meta: { title: 'services.nav.board', layout: 'public' } },
]
