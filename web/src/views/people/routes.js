// Routes of the people screens. meta: title (i18n key), menu (shown in the side menu), icon (Element Plus icon
// name), perm (a permission from /api/v1/me; without it the page shows the no-permission screen),
// layout ('app' = signed-in frame, default; 'public' = no sign-in needed), order (menu position).
export default [
  { path: '/people', component: () => import('./PeopleList.vue'), meta: { title: 'menu.people', menu: true, icon: 'User', perm: 'person.read', order: 40 } },
  { path: '/people/:id(\\d+)', component: () => import('./PersonDetail.vue'), meta: { title: 'people.personTitle', perm: 'person.read' } },
  { path: '/households/:id(\\d+)', component: () => import('./HouseholdDetail.vue'), meta: { title: 'people.householdTitle', perm: 'household.read' } },
]
