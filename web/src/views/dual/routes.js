// Routes of the 双报到 screens. meta: title (i18n key), menu (shown in the side menu), icon (Element Plus icon name),
// perm (a permission from /api/v1/me), roles (roles that may open it), layout ('print': signed in, no app frame),
// order (menu position). /dual is the community's desktop screen (service.manage: the secretary and the staff
// above): 报到单位, 在职党员 (代为报到, 编入网格, 转出), 岗位, 服务记录 (确认 / 退回) and 季度报告 (导出 Excel, 打印服务卡).
// /dual/report/print is the A4 paper of a quarter (the 反馈表 of each employer and the 服务卡 of each member).
// /m/dual is the party member's phone screen (service.provide, role party_member): 报到, 岗位 (认领 / 退出),
// 记录服务 and 我的服务记录. The area's messages (i18n.js) are registered in i18n/index.js.
export default [
  { path: '/m/dual', component: () => import('./MyDual.vue'), meta: { title: 'dual.nav.mine', menu: true, icon: 'Medal', perm: 'service.provide', roles: ['party_member'], order: 15 } },
  { path: '/dual', component: () => import('./DualAdmin.vue'), meta: { title: 'dual.nav.admin', menu: true, icon: 'Medal', perm: 'service.manage', order: 39.5 } },
  { path: '/dual/report/print', component: () => import('./PrintReport.vue'), meta: { title: 'dual.nav.print', layout: 'print', perm: 'service.manage' } },
]
