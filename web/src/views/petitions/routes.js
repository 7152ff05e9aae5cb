// Routes of the petition screens (信访事项). meta: title (i18n key), menu (shown in the side menu), icon (Element
// Plus icon name), perm (a permission from /api/v1/me), roles, layout ('print' = an A4 paper), order (menu
// position). The menus: 信访事项 (the desk's register) for petition.register holders (the petition desk and the
// 综治 roles), 我的包案 for order.command holders (county and township leaders: mine=lead), 交办信访 for the
// department handlers the petitions are given to. The area's messages (i18n.js) are registered in i18n/index.js.

const paper = (path, doc) => ({
  path: `/petitions/:id(\\d+)/print/${path}`,
  component: () => import('./PrintNotice.vue'),
  props: { doc },
  meta: { title: `petitions.paper.${doc}Title`, perm: 'order.read', layout: 'print' },
})

export default [
  { path: '/petitions', component: () => import('./PetitionList.vue'), meta: { title: 'petitions.menu', menu: true, icon: 'Message', perm: 'petition.register', order: 27 } },
  { path: '/petitions/new', component: () => import('./PetitionForm.vue'), meta: { title: 'petitions.form.title', perm: 'petition.register' } },
  { path: '/petitions/:id(\\d+)', component: () => import('./PetitionDetail.vue'), meta: { title: 'petitions.detailTitle', perm: 'order.read' } },
  { path: '/lead-cases', component: () => import('./LeaderCases.vue'), meta: { title: 'petitions.leadMenu', menu: true, icon: 'Flag', perm: 'order.command', order: 28 } },
  {
    path: '/assigned-petitions',
    component: () => import('./PetitionList.vue'),
    props: { mode: 'assigned' },
    meta: { title: 'petitions.assignedMenu', menu: true, icon: 'Message', perm: 'order.handle', roles: ['department_handler'], order: 27 },
  },
  paper('accept', 'accept'),
  paper('refuse', 'refuse'),
  paper('extension', 'extension'),
  paper('reply', 'reply'),
]
