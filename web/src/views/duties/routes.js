// Routes of the 减负 screens (MISSION item 23). meta: title (i18n key), menu (shown in the side menu), icon (Element
// Plus icon name), perm (a permission from /api/v1/me), roles (roles that may open it), order (menu position).
// /duties is the county command centre's (list.manage): 清单管理, 督导检查 (the cap, approvals) and 社区负担.
// /duties/department is a functional department's (task.assign): 交办事项 citing the current 准入清单 and 督导检查报备.
// /duties/community is the community secretary's (a township official sees its township the same way): the tasks
// received, the inspections, its own load, 证明事项查询 and the lists. /duties/lists shows the county's current lists
// to everyone signed in. A task itself opens on the order page (/orders/:id), where its actions are. The area's
// messages (i18n.js) are registered in i18n/index.js.
export default [
  { path: '/duties', component: () => import('./DutiesAdmin.vue'), meta: { title: 'duties.nav.admin', menu: true, icon: 'Files', perm: 'list.manage', order: 26.5 } },
  { path: '/duties/department', component: () => import('./DeptDuties.vue'), meta: { title: 'duties.nav.department', menu: true, icon: 'Promotion', perm: 'task.assign', order: 26.5 } },
  { path: '/duties/community', component: () => import('./CommunityDuties.vue'), meta: { title: 'duties.nav.community', menu: true, icon: 'Files', perm: 'order.read', roles: ['community_secretary', 'township_official'], order: 26.5 } },
  { path: '/duties/lists', component: () => import('./PublicLists.vue'), meta: { title: 'duties.nav.lists', menu: true, icon: 'Document', order: 85 } },
]
