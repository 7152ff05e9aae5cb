// Routes of the 积分 / 时间银行 screens and the 积分超市. meta: title (i18n key), menu (shown in the side menu), icon
// (Element Plus icon name), perm (a permission from /api/v1/me), roles, order (menu position). 积分管理 for the
// staff who award points (points.award: grid workers, secretaries, township, county), 积分超市 for those who keep
// the shop (points.manage), 我的积分 (a phone screen under /m) for the people who redeem (points.redeem:
// residents, party members, household-unit leaders). The 志愿服务证明 of an hours account (an A4 paper, layout
// 'print') is opened by the person from 我的积分 and by the staff from an account's statement: both kinds of caller,
// so the route names no permission and the API decides whose account may be read (a 403 shows as such).
// The area's messages (i18n.js) are registered in i18n/index.js.
export default [
  { path: '/points', component: () => import('./PointsAdmin.vue'), meta: { title: 'points.menu', menu: true, icon: 'Coin', perm: 'points.award', order: 32 } },
  { path: '/shop', component: () => import('./ShopAdmin.vue'), meta: { title: 'points.shopMenu', menu: true, icon: 'ShoppingCart', perm: 'points.manage', order: 33 } },
  {
    path: '/points/accounts/:id(\\d+)/print/service-record',
    component: () => import('./PrintServiceRecord.vue'),
    meta: { title: 'points.record.title', layout: 'print' },
  },
  { path: '/m/points', component: () => import('./MyPoints.vue'), meta: { title: 'points.myMenu', menu: true, icon: 'Present', perm: 'points.redeem', order: 8 } },
]
