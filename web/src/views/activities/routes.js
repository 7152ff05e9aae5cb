// Routes of the 志愿服务活动 screens. meta: title (i18n key), menu (shown in the side menu), icon (Element Plus
// icon name), perm (a permission from /api/v1/me), layout ('print': signed in, no frame: an A4 sheet), order
// (menu position). 志愿服务活动 for the staff who organise them (points.award: grid workers, secretaries,
// township, county): the list, one activity with its QR code and sign-ups, the QR code's A4 sheet; 志愿活动 (phone
// screens under /m) for the people who take part (points.redeem: residents, party members, household-unit
// leaders). /m/activities/:id?code= is what the QR code opens. The area's messages (i18n.js) are registered in
// i18n/index.js.
export default [
  { path: '/activities', component: () => import('./ActivitiesAdmin.vue'), meta: { title: 'activities.menu', menu: true, icon: 'Flag', perm: 'points.award', order: 34 } },
  { path: '/activities/:id(\\d+)', component: () => import('./ActivityDetail.vue'), meta: { title: 'activities.menu', perm: 'points.award' } },
  { path: '/activities/:id(\\d+)/print', component: () => import('./PrintQr.vue'), meta: { title: 'activities.detail.print', perm: 'points.award', layout: 'print' } },
  { path: '/m/activities', component: () => import('./MyActivities.vue'), meta: { title: 'activities.myMenu', menu: true, icon: 'Flag', perm: 'points.redeem', order: 9 } },
  { path: '/m/activities/:id(\\d+)', component: () => import('./MyActivity.vue'), meta: { title: 'activities.myMenu', perm: 'points.redeem' } },
]
