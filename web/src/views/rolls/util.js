// Small helpers shared by the 红黑榜 screens (/api/v1/rolls/...: each community's 评选标准 citing its 村规民约,
// the entries nominated, reviewed by both committees, in 公示 and published monthly, and the 星级文明户). Times of
// this API are ISO moments with the China offset (fmtWhen), dates "YYYY-MM-DD" and periods "YYYY-MM", all China
// time.
import { can } from '../../api/client.js'
import { chinaMonth, chinaToday } from '../../util/chinaDate.js'

export { fmtWhen } from '../errands/util.js'
export { useNarrow } from '../orders/util.js'
export { chinaMonth, chinaToday }

export const ROLLS = '/api/v1/rolls'
export const SIDES = ['red', 'black']
export const SUBJECTS = ['person', 'household']
export const COMMITTEES = ['party', 'village']
export const STATUSES = ['nominated', 'notice', 'rejected', 'withdrawn', 'listed', 'removed', 'revoked']

// A community is a 12-digit place code; the one of a caller whose scope lies inside one (a grid worker's grid, a
// resident's household) is its first twelve digits.
export const isCommunity = (code) => String(code || '').length === 12
export const communityOf = (scope) => (String(scope || '').length >= 12 ? String(scope).slice(0, 12) : '')

// Who may do what (the server decides; the screens only offer what it would accept): points.award nominates
// (grid workers, community staff, secretaries and above), points.manage reviews, publishes and keeps the criteria
// (secretaries and above).
export const canManage = () => can('points.manage')
export const canNominate = () => can('points.award')

const en = (locale) => String(locale).startsWith('en')

// "第3项 尊老爱幼（村规民约第五条）" — a criterion as the lists cite it.
export const criterionText = (t, c) => (c ? t('rolls.criterionText', { seq: c.seq, title: c.title, article: c.article || '' }) : '')
// The titles of an entry's criteria, or a public notice's (plain titles).
export const criteriaTitles = (cs) => (cs || []).map((c) => (typeof c === 'string' ? c : c.title))

// An entry's status in words: the server's Chinese (status_zh) in Chinese, 已到期 for an expired black entry.
export function statusText(t, locale, e) {
  if (!e) return ''
  if (e.status === 'listed' && e.expired) return t('rolls.status.expired')
  return (!en(locale) && e.status_zh) || t('rolls.status.' + e.status)
}
const statusTypes = { nominated: 'warning', notice: 'primary', rejected: 'info', withdrawn: 'info', listed: 'success', removed: 'info', revoked: 'info' }
export const statusType = (e) => (e && e.status === 'listed' && e.expired ? 'info' : statusTypes[e?.status] || 'info')
export const sideType = (s) => (s === 'red' ? 'danger' : 'info')

// "2026-11" in words: 2026年11月 / November 2026.
export function periodText(t, p) {
  const m = String(p || '').match(/^(\d{4})-(\d{2})$/)
  return m ? t('rolls.periodName', { y: m[1], m: Number(m[2]), mm: t('rolls.monthNames.' + Number(m[2])) }) : String(p || '')
}
// The months a nomination may name: this month and the one before (China time).
export const nominationPeriods = (now = new Date()) => [chinaMonth(0, now), chinaMonth(1, now)]

// ★★★☆☆☆☆☆☆: the stars of a household of `of` possible.
export const starsText = (n, of) => '★'.repeat(Math.max(0, n || 0)) + '☆'.repeat(Math.max(0, (of || 0) - (n || 0)))

// Why an entry cannot be published now (null when it can): what the server would answer (409), said beforehand.
export function notReady(t, e) {
  if (!e || e.ready) return null
  if (e.status !== 'notice') return t('rolls.notReady.notNotice', { status: e.status_zh || t('rolls.status.' + e.status) })
  if (e.open_objections > 0) return t('rolls.notReady.objections', { n: e.open_objections })
  if (!e.notice_over) return t('rolls.notReady.notOver', { until: String(e.notice_until || '').replace('T', ' ').slice(0, 16) })
  return t('rolls.notReady.other')
}

// An appeal still waiting for its decision.
export const appealPending = (a) => !!a && !a.decided_at && !['upheld', 'dismissed'].includes(a.status)

// Characters of a text as people count them (a Chinese character is one).
export const chars = (s) => [...String(s || '').trim()].length

// Sorted copies: the criteria by side then number; entries newest period first, then newest id.
export const bySeq = (a, b) => SIDES.indexOf(a.side) - SIDES.indexOf(b.side) || a.seq - b.seq || a.id - b.id
export const newestEntries = (rows) => (rows || []).slice().sort((a, b) => String(b.period).localeCompare(String(a.period)) || b.id - a.id)

// 村 or 社区: the signatures and words of a notice follow what the community is called.
export const isNeighbourhood = (name) => /社区$/.test(String(name || ''))

// An ISO moment (any offset) as China time "YYYY-MM-DDTHH:MM:SS+08:00", as the API writes them.
export function chinaIso(v) {
  const d = new Date(v)
  if (Number.isNaN(d.getTime())) return ''
  return new Date(d.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 19) + '+08:00'
}
