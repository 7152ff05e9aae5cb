// Routes of the screening screens (矛盾纠纷排查). meta: title (i18n key), menu (shown in the side menu), icon
// (Element Plus icon name), perm (a permission from /api/v1/me), roles, order (menu position). The recording
// form for the grid worker's phone (/m/screening) is listed with the mobile screens (views/mobile/routes.js).
// /screenings?scope=<code>&date=<YYYY-MM-DD> keeps the board's place and period across reloads.
export default [
  { path: '/screenings', component: () => import('./ScreeningBoard.vue'), meta: { title: 'menu.screenings', menu: true, icon: 'Finished', perm: 'indicator.read', order: 26 } },
]
