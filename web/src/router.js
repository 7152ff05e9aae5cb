// Client-side routes: each area contributes its own list (views/<area>/routes.js). A route whose meta.perm
// the signed-in role lacks shows the no-permission page; a signed-in route without a session goes to login.
// Layouts: 'app' (the signed-in frame, default), 'print' (signed in, no frame: printable papers), 'bare' and
// 'public' (no sign-in needed).
import { createRouter, createWebHistory } from 'vue-router'
import { session, loadMe, can } from './api/client.js'
import dashboard from './views/dashboard/routes.js'
import orders from './views/orders/routes.js'
import disputes from './views/disputes/routes.js'
import petitions from './views/petitions/routes.js'
import screenings from './views/screenings/routes.js'
import points from './views/points/routes.js'
import activities from './views/activities/routes.js'
import services from './views/services/routes.js'
import errands from './views/errands/routes.js'
import dual from './views/dual/routes.js'
import rolls from './views/rolls/routes.js'
import duties from './views/duties/routes.js'
import places from './views/places/routes.js'
import people from './views/people/routes.js'
import mobile from './views/mobile/routes.js'
import publicRoutes from './views/public/routes.js'
import admin from './views/admin/routes.js'

export const areaRoutes = [...dashboard, ...orders, ...disputes, ...petitions, ...screenings, ...points, ...activities, ...services, ...errands, ...dual, ...rolls, ...duties, ...places, ...people, ...mobile, ...publicRoutes, ...admin]

// Where a role starts after signing in.
export function homeFor(me) {
  if (!me) return '/login'
  const perms = me.permissions || []
  if (me.role === 'grid_worker' && areaRoutes.some((r) => r.path === '/m')) return '/m'
  if (me.role === 'resident' && areaRoutes.some((r) => r.path === '/resident')) return '/resident'
  if (me.role === 'mediator' && areaRoutes.some((r) => r.path === '/disputes')) return '/disputes'
  if (perms.includes('indicator.read') && areaRoutes.some((r) => r.path === '/dashboard')) return '/dashboard'
  if (perms.includes('order.read') && areaRoutes.some((r) => r.path === '/orders')) return '/orders'
  return '/me'
}

const routes = [
  { path: '/login', component: () => import('./views/auth/Login.vue'), meta: { layout: 'bare', title: 'user.login' } },
  { path: '/me', component: () => import('./views/auth/Me.vue'), meta: { title: 'user.changePassword' } },
  { path: '/403', component: () => import('./views/auth/Forbidden.vue'), meta: { title: 'error.forbidden' } },
  { path: '/', redirect: () => homeFor(session.me) },
  ...areaRoutes,
  { path: '/:rest(.*)*', component: () => import('./views/auth/NotFound.vue'), meta: { title: 'error.notFound' } },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  const layout = to.meta.layout || 'app'
  if (layout === 'bare' || layout === 'public') {
    if (session.token && !session.me) await loadMe()
    return true
  }
  if (!session.me) await loadMe()
  if (!session.me) return { path: '/login', query: { next: to.fullPath } }
  if (session.me.must_change_password && to.path !== '/me') return { path: '/me' }
  if (to.meta.perm && !can(to.meta.perm)) return { path: '/403', query: { from: to.fullPath } }
  if (to.meta.roles && !to.meta.roles.includes(session.me.role)) return { path: '/403', query: { from: to.fullPath } }
  return true
})
