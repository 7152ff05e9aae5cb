// Routes of the dispute screens (矛盾纠纷调解). meta: title (i18n key), menu (shown in the side menu), icon
// (Element Plus icon name), perm (a permission from /api/v1/me; without it the page shows the no-permission
// screen), layout ('app' = signed-in frame, default; 'print' = signed-in, no frame: an A4 paper), order (menu
// position). The area's messages (i18n.js) are registered in i18n/index.js.

export default [
  { path: '/disputes', component: () => import('./DisputeList.vue'), meta: { title: 'menu.disputes', menu: true, icon: 'ChatDotRound', perm: 'dispute.register', order: 25 } },
  { path: '/disputes/new', component: () => import('./DisputeForm.vue'), meta: { title: 'disputes.form.title', perm: 'dispute.register' } },
  { path: '/disputes/:id(\\d+)', component: () => import('./DisputeDetail.vue'), meta: { title: 'disputes.detailTitle', perm: 'dispute.register' } },
  {
    path: '/disputes/:id(\\d+)/print/agreement',
    component: () => import('./PrintAgreement.vue'),
    meta: { title: 'disputes.paper.agreementTitle', perm: 'dispute.register', layout: 'print' },
  },
  {
    path: '/disputes/:id(\\d+)/print/register',
    component: () => import('./PrintRegister.vue'),
    meta: { title: 'disputes.paper.registerTitle', perm: 'dispute.register', layout: 'print' },
  },
  {
    path: '/disputes/:id(\\d+)/print/application',
    component: () => import('./PrintApplication.vue'),
    meta: { title: 'disputes.paper.applicationTitle', perm: 'dispute.register', layout: 'print' },
  },
  {
    path: '/disputes/:id(\\d+)/print/followups',
    component: () => import('./PrintFollowUps.vue'),
    meta: { title: 'disputes.paper.followUpsTitle', perm: 'dispute.register', layout: 'print' },
  },
]
