// Routes of the 红色代办 (errand) screens. meta: title (i18n key), menu (shown in the side menu), icon (Element
// Plus icon name), perm (a permission from /api/v1/me), roles (roles that may open it), layout ('print': signed
// in, no app frame), order (menu position). Phone screens under /m: 红色代办 for the households that ask
// (residents, party members, household-unit leaders: order.report), 代办员 for the runners (service.provide:
// their households, the errands waiting, those they run, the documents they hold). Desktop screens for the
// community secretary and the staff above (service.manage): the community's errands (派代办员, 督办, 取消) and
// the roster of runners and the households they cover. /errands/:id/print is the A4 红色代办登记单, opened from
// an errand's detail by any of them: the route names no permission and the API decides who may read it. The
// area's messages (i18n.js) are registered in i18n/index.js.
const PEOPLE = ['resident', 'party_member', 'unit_leader']

export default [
  { path: '/m/errands', component: () => import('./MyErrands.vue'), meta: { title: 'errands.nav.mine', menu: true, icon: 'Flag', perm: 'order.report', roles: PEOPLE, order: 13 } },
  { path: '/m/runner', component: () => import('./Runner.vue'), meta: { title: 'errands.nav.runner', menu: true, icon: 'Suitcase', perm: 'service.provide', order: 14 } },
  { path: '/errands', component: () => import('./ErrandsAdmin.vue'), meta: { title: 'errands.nav.admin', menu: true, icon: 'Flag', perm: 'service.manage', order: 38 } },
  { path: '/errands/runners', component: () => import('./Runners.vue'), meta: { title: 'errands.nav.runners', menu: true, icon: 'User', perm: 'service.manage', order: 39 } },
  { path: '/errands/:id(\\d+)/print', component: () => import('./PrintErrand.vue'), meta: { title: 'errands.nav.print', layout: 'print' } },
]
