// Small helpers shared by the 积分 / 时间银行 screens and the 积分超市.
import { reactive } from 'vue'
import { get } from '../../api/client.js'
import { chinaMonth, chinaToday } from '../../util/chinaDate.js'

export { fmtTime, useNarrow } from '../orders/util.js'

export const CURRENCIES = ['points', 'hours']
export const REDEMPTION_STATUSES = ['pending', 'handed', 'cancelled']

const en = (locale) => String(locale).startsWith('en')

// An amount in its unit: "5 分" / "1.5 小时" ("5 pts" / "1.5 h"); signed: "+5 分", "-3 分".
export function amountText(t, currency, n, { signed = false } = {}) {
  const v = Number(n) || 0
  const s = (signed && v > 0 ? '+' : '') + String(v)
  return t('points.unit.' + (currency === 'hours' ? 'hours' : 'points'), { n: s })
}

// The server's Chinese names (kind_zh, currency_zh, status_zh) in Chinese, this area's names in English.
export const kindText = (t, locale, row) => (!en(locale) && row.kind_zh ? row.kind_zh : t('points.kind.' + row.kind))
export const currencyText = (t, c) => t('points.currency.' + c)
export const statusText = (t, locale, row) => (!en(locale) && row.status_zh ? row.status_zh : t('points.shop.status.' + row.status))
export const statusType = (s) => ({ pending: 'warning', handed: 'success', cancelled: 'info' })[s] || 'info'

// A rule's name from GET /api/v1/ledger/rules (name_zh / name_en), else the entry's own rule_zh.
export function ruleText(locale, rules, row) {
  if (!row.rule) return ''
  const r = (rules || []).find((x) => x.code === row.rule)
  if (r) return en(locale) ? r.name_en : r.name_zh
  return row.rule_zh || row.rule
}

// An idempotency key for one submission (a dialog opening, one filled-in form): crypto.randomUUID where the
// page is a secure context, random bytes otherwise (a plain-http deployment on a LAN address).
export function newKey() {
  if (globalThis.crypto && typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const b = new Uint8Array(16)
  crypto.getRandomValues(b)
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
}

// The month as YYYY-MM, `back` months before the given day (default today, China time as the server counts).
export const monthOf = chinaMonth
export const today = chinaToday

// Whole half hours from 0.5 to 24 (what POST /api/v1/ledger/hours takes).
export const validHours = (h) => typeof h === 'number' && h >= 0.5 && h <= 24 && Number.isInteger(h * 2)

// The total moved by an entry (the sum of its credits), for a journal line.
export const entryAmount = (e) => (e.movements || []).reduce((s, m) => s + (m.amount > 0 ? m.amount : 0), 0)

// The 志愿服务证明 of an hours account (PrintServiceRecord.vue).
export const recordLink = (account) => `/points/accounts/${account.id}/print/service-record`

// Names of places (one request per new code, cached for the page's life).
export const placeNames = reactive({})
const asked = new Set()
export function nameOf(code) {
  if (code && !asked.has(code)) {
    asked.add(code)
    get(`/api/v1/places/${code}`).then(
      (p) => (placeNames[code] = p.name),
      () => {},
    )
  }
  return placeNames[code] || code
}
