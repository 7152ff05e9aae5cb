// Small helpers shared by the 红色代办 (errand) screens. An errand is a work order of kind `errand` on the order
// engine: its lists and its own facts come from /api/v1/errands, its steps go to POST /api/v1/orders/{id}/{action}
// like every other kind (services/OrderActions).
import { get } from '../../api/client.js'

export { fmtTime, useNarrow, actionLabel } from '../orders/util.js'
export { getAll, newestFirst, openFirst, isOpen, ratingText, ratingType, hoursText } from '../services/util.js'

export const ERRANDS = '/api/v1/errands'
export const RUNNERS = '/api/v1/errand-runners'
// The class of the errand categories (社保医保代办, 证照代办, 民政救助代办, 缴费代办 …).
export const CLASS = '16'
// How the authoriser (a member of the household) gave the matter to the runner.
export const AUTHORISATIONS = ['in_person', 'phone', 'written']
// A runner covers 5-8 households: under 5 is marked, above 8 refused.
export const MIN_HOUSEHOLDS = 5
export const MAX_HOUSEHOLDS = 8
// The states a list may be filtered by, in the order of the flow.
export const STATES = ['accepted', 'dispatched', 'handling', 'finished', 'closed', 'refused']

const en = (locale) => String(locale).startsWith('en')

// The state: the server's name (state_zh) in Chinese, this area's in English (and for one the server did not name).
export function stateText(t, te, locale, o) {
  if (!en(locale) && o.state_zh) return o.state_zh
  const key = `errands.states.${o.state}`
  return te(key) ? t(key) : o.state
}
export const stateLabel = (t, s) => t('errands.states.' + s)
const stateTypes = { accepted: 'warning', dispatched: 'warning', handling: 'primary', returned: 'danger', finished: 'success', verified: 'success', closed: 'info', refused: 'info' }
export const stateType = (s) => stateTypes[s] || 'info'

// The errand categories (class 16, active), as GET /api/v1/categories lists them.
let categoriesOnce = null
export function errandCategories() {
  if (!categoriesOnce)
    categoriesOnce = get('/api/v1/categories').then(
      (r) => (r.items || []).filter((c) => c.parent === CLASS && c.active !== false),
      (e) => {
        categoriesOnce = null
        throw e
      },
    )
  return categoriesOnce
}
export const categoryName = (locale, c) => (en(locale) ? c.name_en || c.name_zh : c.name_zh || c.name_en)
// An errand's matter: the server's category name in Chinese; in English the category's own when read.
export function categoryText(locale, o, cats) {
  const c = (cats || []).find((x) => x.code === o.category)
  if (en(locale) && c) return categoryName(locale, c)
  return o.category_name || (c ? categoryName(locale, c) : o.category)
}
// A category's time limit ("5wd", "30d", "4wh", "24h") in words.
export function limitText(t, s) {
  const m = String(s || '').match(/^(\d+)(wd|d|wh|h)$/)
  return m ? t('errands.limit.' + m[2], { n: Number(m[1]) }) : ''
}

// An authorisation's name: the server's (authorisation_zh) in Chinese.
export const authorisationText = (t, locale, e) => (!en(locale) && e && e.authorisation_zh) || (e && e.authorisation ? t('errands.authorisation.' + e.authorisation) : '')

// A document still held by the runner: the server says so (held), else it has no returned time yet.
export const held = (d) => (typeof d.held === 'boolean' ? d.held : !d.returned_at || d.returned_at === '0')

// A time of the API as "2026-12-07 14:30": an ISO text as it is, a number as Unix seconds (milliseconds when
// large) in China time; 0, null, "" → "".
export function fmtWhen(v) {
  if (v === null || v === undefined || v === '' || v === 0 || v === '0') return ''
  if (typeof v === 'number' || /^\d+$/.test(String(v))) {
    const n = Number(v)
    const d = new Date((n > 1e12 ? n : n * 1000) + 8 * 3600 * 1000)
    return d.toISOString().replace('T', ' ').slice(0, 16)
  }
  return String(v).replace('T', ' ').slice(0, 16)
}

// Documents a runner often holds (the name field suggests them).
export const DOCUMENTS = {
  zh: ['身份证', '户口簿', '医保卡', '社保卡', '银行卡', '结婚证', '残疾证'],
  en: ['ID card', 'Household register', 'Medical insurance card', 'Social security card', 'Bank card', 'Marriage certificate', 'Disability certificate'],
}

// An errand's own title: the server stores the description as the title when none was given; that is no title.
export const ownTitle = (o) => (o && o.title && o.title !== o.description ? o.title : '')
