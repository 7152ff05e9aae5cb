// Small helpers shared by the 减负 screens: the county's three lists (/api/v1/duty-lists: 社区工作事项准入清单,
// 小微权力清单, 为民服务事项清单, each versioned: draft → published 现行 → superseded), the departments' tasks
// (/api/v1/tasks: orders of kind "task" citing an admitted item of the current 准入清单), the inspections filed in
// advance (/api/v1/inspections, within the county's cap or pending its approval) and the communities' load
// (/api/v1/load). Times of this API are ISO moments with the China offset (fmtWhen), dates "YYYY-MM-DD", months
// "YYYY-MM", all China time. Chinese words come from the server (section_zh, status_zh, state_zh …) where it gives
// them; the English ones from i18n.js.
import { can, session } from '../../api/client.js'
import { chinaDate, chinaMonth, chinaToday } from '../../util/chinaDate.js'

export { fmtWhen } from '../errands/util.js'
export { useNarrow } from '../orders/util.js'
export { chinaDate, chinaMonth, chinaToday }

export const API = '/api/v1'
export const KINDS = ['admission', 'micro_power', 'service']
// The sections of each kind of list, in the order the paper lists print them.
export const SECTIONS = { admission: ['duty', 'assist', 'cancelled'], micro_power: ['power'], service: ['service'] }
// The sections a department may cite when it assigns a task (取消的证明事项 are exactly what it may not ask for).
export const CITABLE = ['duty', 'assist']
export const TASK_TYPES = ['work', 'form', 'certificate']
export const TASK_STATES = ['dispatched', 'handling', 'finished', 'closed', 'refused']
export const INSPECTION_STATUSES = ['pending', 'filed', 'approved', 'held', 'refused', 'cancelled']
export const CAP_PERIODS = ['month', 'quarter', 'year']
// The counters of a row of GET /load, in the order the tables show them.
export const LOAD_COLUMNS = ['tasks', 'work', 'forms', 'certificates', 'returned', 'refused', 'inspections', 'pending', 'refused_inspections', 'over_cap']

const en = (locale) => String(locale).startsWith('en')

// The county of the caller (the first six digits of the scope); '' for a caller above counties (system_admin).
export const countyOf = (code) => (String(code || '').length >= 6 ? String(code).slice(0, 6) : '')
export const myCounty = () => countyOf(session.me?.scope)
export const isCommunity = (code) => String(code || '').length === 12
export const canManage = () => can('list.manage')
export const canAssign = () => can('task.assign')

// Words of the server (Chinese) or of i18n.js (English).
export const kindText = (t, locale, l) => (!en(locale) && l?.kind_zh) || t('duties.kind.' + (l?.kind || l))
export const sectionText = (t, locale, section, zh) => (!en(locale) && zh) || t('duties.section.' + section)
export const listStatusText = (t, locale, l) => (!en(locale) && l?.status_zh) || t('duties.listStatus.' + l?.status)
export const taskStateText = (t, locale, o) => (!en(locale) && o?.state_zh) || t('duties.taskState.' + o?.state)
export const taskTypeText = (t, type) => t('duties.taskType.' + type)
export const inspectionStatusText = (t, locale, i) => (!en(locale) && i?.status_zh) || t('duties.inspectionStatus.' + i?.status)
export const periodText = (t, locale, p, zh) => (!en(locale) && zh) || t('duties.capPeriod.' + p)

const listStatusTypes = { draft: 'warning', published: 'success', superseded: 'info' }
export const listStatusType = (s) => listStatusTypes[s] || 'info'
const taskStateTypes = { dispatched: 'warning', handling: 'primary', finished: 'success', closed: 'info', refused: 'danger' }
export const taskStateType = (s) => taskStateTypes[s] || 'info'
const inspectionTypes = { pending: 'warning', filed: 'primary', approved: 'success', held: 'info', refused: 'danger', cancelled: 'info' }
export const inspectionType = (s) => inspectionTypes[s] || 'info'

// "第3项 协助开展人口普查和统计调查（协助政府事项）" — an item as a department cites it.
export const itemText = (t, locale, i) => (i ? t('duties.itemText', { seq: i.seq, title: i.title, section: sectionText(t, locale, i.section, i.section_zh) }) : '')
// The item a task cites, from its `task` block.
export const taskItemText = (t, locale, task) =>
  task ? t('duties.itemText', { seq: task.item_seq, title: task.item_title, section: sectionText(t, locale, task.section, task.section_zh) }) : ''
// "第2版" / "Version 2".
export const versionText = (t, n) => t('duties.versionText', { n })

// Items sorted by number; grouped per section in the order of SECTIONS.
export const bySeq = (a, b) => a.seq - b.seq || a.id - b.id
export function groupBySection(kind, items) {
  const out = []
  for (const s of SECTIONS[kind] || []) out.push({ section: s, items: (items || []).filter((i) => i.section === s).sort(bySeq) })
  const known = new Set(SECTIONS[kind] || [])
  const other = (items || []).filter((i) => !known.has(i.section))
  if (other.length) out.push({ section: other[0].section, items: other.sort(bySeq) })
  return out
}

// The tasks of a community: 待接收 first (oldest first: the first to take), then the rest newest first.
export function receivedOrder(rows) {
  const open = (rows || []).filter((o) => o.state === 'dispatched').sort((a, b) => a.id - b.id)
  const rest = (rows || []).filter((o) => o.state !== 'dispatched').sort((a, b) => b.id - a.id)
  return [...open, ...rest]
}

// The day after today, China time: the first day an inspection may be planned for.
export function chinaTomorrow(now = new Date()) {
  return chinaDate(new Date(now.getTime() + 24 * 3600 * 1000))
}
// Whether an inspection's day has come (its findings may be recorded) and whether it may still be cancelled.
export const mayRecord = (i) => ['filed', 'approved'].includes(i?.status) && String(i.planned_on) <= chinaToday()
export const mayCancel = (i) => ['filed', 'pending', 'approved'].includes(i?.status)

// Characters of a text as people count them (a Chinese character is one).
export const chars = (s) => [...String(s || '').trim()].length

// Names of place codes, read once each (GET /api/v1/places/{code}); unknown ones stay their code.
const placeNames = new Map()
export async function namePlaces(codes, get) {
  const want = [...new Set(codes.filter((c) => c && !placeNames.has(c)))]
  await Promise.all(
    want.map((c) =>
      get(`${API}/places/${c}`).then(
        (p) => placeNames.set(c, p.name || c),
        () => placeNames.set(c, c),
      ),
    ),
  )
}
export const placeName = (code) => placeNames.get(code) || code
export const rememberPlace = (code, name) => code && name && placeNames.set(code, name)
