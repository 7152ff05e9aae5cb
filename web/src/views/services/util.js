// Small helpers shared by the 服务工单 (六单一体) and 微心愿 / 微事务 screens.
import { get } from '../../api/client.js'
import { i18n } from '../../i18n/index.js'

export { fmtTime, warnType, useNarrow, actionLabel, ACTION_TYPES } from '../orders/util.js'

// The list and create endpoint of each kind (the actions go to POST /api/v1/orders/{id}/{action} for both).
export const ENDPOINTS = { service: '/api/v1/service-orders', wish: '/api/v1/wishes' }
// A wish's categories: 1501 生活微心愿 (a resident's; 1503 助学微心愿 another), 1502 微事务 (a small task the
// community publishes).
export const WISH = '1501'
export const MICRO_TASK = '1502'
// The states a list may be filtered by, in the order of the flow.
export const STATES = ['reported', 'accepted', 'dispatched', 'handling', 'returned', 'finished', 'verified', 'closed', 'refused']
// Actions a provider fires with one tap (nothing to fill in): 抢单 / 认领 from the hall, 接单 of one sent to them.
export const QUICK = ['grab', 'claim']

const en = (locale) => String(locale).startsWith('en')

// The state as the server names it for this kind (state_zh) in Chinese; this area's names in English (and for a
// state the server did not name).
export function stateText(t, te, locale, o) {
  if (!en(locale) && o.state_zh) return o.state_zh
  const key = `services.states.${o.kind === 'wish' ? 'wish' : 'service'}.${o.state}`
  return te(key) ? t(key) : o.state
}
export const stateLabel = (t, kind, s) => t(`services.states.${kind}.${s}`)
const stateTypes = {
  reported: 'warning', accepted: 'warning', dispatched: 'primary', handling: 'primary', returned: 'danger',
  finished: 'success', verified: 'success', closed: 'info', refused: 'info',
}
export const stateType = (s) => stateTypes[s] || 'info'
export const isOpen = (o) => o && !['closed', 'refused', 'merged'].includes(o.state)

// 1 满意, 2 基本满意, 3 不满意 (the engine's rating scale).
export const ratingText = (t, r) => (r ? t('services.rating.' + r) : '')
export const ratingType = (r) => (r === 1 ? 'success' : r === 2 ? 'primary' : r === 3 ? 'danger' : 'info')

export const hoursText = (t, h) => (h === null || h === undefined ? '' : t('services.hoursValue', { n: h }))

// An item's name of the community's 服务清单 in the UI's language.
export const itemName = (locale, it) => (en(locale) ? it.name_en || it.name_zh : it.name_zh || it.name_en)

// The name of an order's item or wish category: the server's (category_name) in Chinese; in English the menu's
// own name when the menu is read, this area's for the wish categories.
export function categoryText(t, locale, o, menu) {
  const te = i18n.global.te
  if (!en(locale) && o.category_name) return o.category_name
  if (String(o.category).startsWith('15') && te(`services.category.${o.category}`)) return t('services.category.' + o.category)
  const it = (menu || []).find((m) => m.category === o.category)
  if (it) return itemName(locale, it)
  return o.category_name || o.category
}

// Every page of a list (the hall and "mine" lists are short; at most `pages` pages of 100).
export async function getAll(endpoint, query, pages = 10) {
  const items = []
  let after = ''
  for (let i = 0; i < pages; i++) {
    const r = await get(endpoint, { ...query, limit: 100, after })
    items.push(...(r.items || []))
    if (!r.next) break
    after = r.next
  }
  return items
}

// Newest first by the time the order was made (received_at), then by id.
export const newestFirst = (a, b) => String(b.received_at || '').localeCompare(String(a.received_at || '')) || b.id - a.id
// The open ones (something still to do) first, each part newest first.
export const openFirst = (a, b) => Number(isOpen(b)) - Number(isOpen(a)) || newestFirst(a, b)

// A mainland mobile number (what a staff member gives for the one they order for).
export const validPhone = (s) => /^1\d{10}$/.test(String(s || '').trim())

// Those who live in a community order for themselves; staff order for someone and name them.
export const ordersForSelf = (me) => !!me && ['resident', 'party_member', 'unit_leader'].includes(me.role)
