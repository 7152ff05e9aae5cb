// Routes of the places screens. meta: title (i18n key), menu (shown in the side menu), icon (Element Plus icon
// name), perm (a permission from /api/v1/me; without it the page shows the no-permission screen),
// layout ('app' = signed-in frame, default; 'public' = no sign-in needed), order (menu position).
const view = () => import('./PlacesView.vue')

export default [
  {
    path: '/places',
    component: view,
    meta: { title: 'menu.places', menu: true, icon: 'MapLocation', perm: 'place.read', order: 30 },
  },
  {
    path: '/places/:code',
    component: view,
    meta: { title: 'menu.places', perm: 'place.read' },
  },
]
