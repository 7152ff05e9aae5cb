// Small helpers shared by the 双报到 screens (units and party members of organs and enterprises registered with
// the community where they live: /api/v1/dual/...). Times of this API are ISO moments with the China offset
// (fmtWhen), dates "YYYY-MM-DD" and quarters "YYYY-Qn", all China time.
import { ElMessage, ElMessageBox } from 'element-plus'
import { chinaMonth, chinaToday } from '../../util/chinaDate.js'

export { fmtWhen } from '../errands/util.js'
export { hoursText } from '../services/util.js'
export { useNarrow } from '../orders/util.js'
export { chinaToday }

export const DUAL = '/api/v1/dual'
// 机关, 事业单位, 国有企业/企业, 其他
export const KINDS = ['organ', 'institution', 'enterprise', 'other']
// What a unit offers the community.
export const RESOURCES = ['venue', 'funds', 'volunteers', 'expertise', 'supplies']
export const LOG_STATUSES = ['pending', 'confirmed', 'rejected']

// The county of a place code (its first six digits): the employers a member picks from are the county's units.
export const countyOf = (code) => String(code || '').slice(0, 6)
// A community is a 12-digit place code.
export const isCommunity = (code) => String(code || '').length === 12

const en = (locale) => String(locale).startsWith('en')
export const kindText = (t, locale, u) => (!en(locale) && u.kind_name) || t('dual.kind.' + (u.kind || 'other'))

// Tag colours of the statuses.
const types = { active: 'success', withdrawn: 'info', left: 'info', open: 'success', closed: 'info', pending: 'warning', confirmed: 'success', rejected: 'danger' }
export const statusType = (s) => types[s] || 'info'

// The quarter "YYYY-Qn" `back` quarters before the China-time quarter of `now` (0 = the current one).
export function chinaQuarter(back = 0, now = new Date()) {
  const [y, m] = chinaMonth(0, now).split('-').map(Number)
  const n = y * 4 + Math.floor((m - 1) / 3) - back
  return `${Math.floor(n / 4)}-Q${(n % 4) + 1}`
}
// The quarter the report screen opens on: the last one that has ended.
export const lastEndedQuarter = (now = new Date()) => chinaQuarter(1, now)
// The quarters offered: the current one and the seven before it, newest first.
export const recentQuarters = (n = 8, now = new Date()) => Array.from({ length: n }, (_, i) => chinaQuarter(i, now))
// "2026-Q4" in words: 2026年第四季度 / Q4 2026.
export function quarterText(t, q) {
  const m = String(q || '').match(/^(\d{4})-Q([1-4])$/)
  return m ? t('dual.quarterName', { y: m[1], q: t('dual.quarterNo.' + m[2]) }) : String(q || '')
}

// Hours of a form: 0.5 to 24 in steps of half an hour.
export const validHours = (h) => typeof h === 'number' && h >= 0.5 && h <= 24 && Number.isInteger(h * 2)
// A mainland mobile or an office number (digits, dashes, an extension).
export const validPhone = (s) => !s || /^[\d\-+() ]{5,20}$/.test(String(s).trim())

// The services a member did in a quarter: the confirmed logs and the closed orders / wishes / errands.
export const servedCount = (m) => Number(m.logs || 0) + Number(m.orders || 0)
// Sum of a field over rows, to half an hour.
export const sumOf = (rows, f) => Math.round(rows.reduce((s, r) => s + Number(r[f] || 0), 0) * 2) / 2

// The employer of a registration as the form holds it ({ mode, unit_id, employer_name }) → the API's fields
// (null while neither is given).
export const blankEmployer = () => ({ mode: 'unit', unit_id: 0, employer_name: '' })
export function employerBody(e) {
  if (e.mode === 'unit') return e.unit_id ? { unit_id: e.unit_id } : null
  const name = String(e.employer_name || '').trim()
  return name ? { employer_name: name } : null
}

// A row's action behind a confirm box (撤销报到, 转出, 关闭岗位): `confirm` ({ message, title }, or null for none),
// then `send()` (the write with the row's version); success says `done`; a refusal is the server's words in
// `refusal` (and its status in `refusalStatus`); `busy` holds the row's id meanwhile; the list is read again.
export async function rowAction({ t, id, confirm, send, done, busy, refusal, refusalStatus, run }) {
  if (confirm) {
    try {
      await ElMessageBox.confirm(confirm.message, confirm.title, { confirmButtonText: confirm.title, cancelButtonText: t('common.cancel'), type: 'warning' })
    } catch {
      return
    }
  }
  busy.value = id
  refusal.value = ''
  try {
    await send()
    ElMessage.success(done)
  } catch (e) {
    refusal.value = e.message
    refusalStatus.value = e.status
  } finally {
    busy.value = 0
    await run()
  }
}
