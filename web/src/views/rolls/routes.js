// Routes of the 红黑榜 screens. meta: title (i18n key), menu (shown in the side menu), icon (Element Plus icon name),
// perm (a permission from /api/v1/me), roles (roles that may open it), layout ('print': signed in, no app frame),
// order (menu position). /rolls is the community's desktop screen for the staff who nominate (points.award: grid
// workers read and nominate; points.manage — the secretary and the staff above — also keep the criteria, review,
// decide objections and appeals and publish): 评选标准, 提名与审议, 公示与发布, 星级文明户. /rolls/print/:id is the A4
// notice of a month's publication for the noticeboard (the route names no permission: the API decides who may read
// it). /m/rolls is the phone screen of the people who live in the community (points.redeem): the 公示 with 提出异议,
// the latest list and 我的记录 with 申诉. The area's messages (i18n.js) are registered in i18n/index.js.
export default [
  { path: '/m/rolls', component: () => import('./MyRolls.vue'), meta: { title: 'rolls.nav.mine', menu: true, icon: 'Trophy', perm: 'points.redeem', order: 9 } },
  { path: '/rolls', component: () => import('./RollsAdmin.vue'), meta: { title: 'rolls.nav.admin', menu: true, icon: 'Trophy', perm: 'points.award', order: 33.5 } },
  { path: '/rolls/print/:id(\\d+)', component: () => import('./PrintRoll.vue'), meta: { title: 'rolls.nav.print', layout: 'print' } },
]
