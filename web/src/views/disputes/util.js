// Small helpers shared by the dispute screens (矛盾纠纷).
import { i18n } from '../../i18n/index.js'

export { fmtTime, warnType, stateType, useNarrow, ACTION_TYPES, actionLabel, peopleOf } from '../orders/util.js'

// A dispute's states in the order a case goes through them (core/order.cpp, the dispute rows).
export const DISPUTE_STATES = ['reported', 'accepted', 'dispatched', 'handling', 'returned', 'finished', 'transferred', 'closed', 'refused']
// The list filters' values (GET /api/v1/disputes): the risk level (0 = not assessed), the mediation outcome
// (none = none yet) and where a case went.
export const RISKS = ['0', '1', '2', '3']
export const OUTCOMES = ['settled', 'partly', 'failed', 'none']
export const ROUTES = ['confirm', 'litigation', 'arbitration', 'administrative']
export const PARTY_ROLES = ['applicant', 'respondent', 'third']
let partyKeys = 1
export const blankParty = (role = 'respondent') => ({ key: partyKeys++, role, name: '', citizen_id: '', phone: '', address: '' })
export const riskType = (r) => ({ 1: 'success', 2: 'warning', 3: 'danger' })[r] || 'info'
export const isOpen = (s) => !['refused', 'closed', 'merged'].includes(s)

// The state's label for a dispute case (待分派, 调解中, 协议履行中, 案结事了 …): list rows carry the generic order
// label in state_zh, so the label comes from the messages, which mirror core/order.cpp StateLabelZh.
export const stateText = (t, state) => t('disputes.state.' + state)
// An event's action as a dispute names it (登记, 分派, 接案, 调解 …).
export function eventText(t, locale, e) {
  const key = 'disputes.event.' + e.action
  if (String(locale).startsWith('en')) return t('orders.action.' + e.action)
  return i18n.global.te(key, 'zh-CN') ? t(key) : e.action_zh || t('orders.action.' + e.action)
}

// A multiline text as its non-empty lines (each a paragraph on paper, indented by two characters).
export const linesOf = (text) => String(text || '').split(/\r?\n/).filter((l) => l.trim())

// "2026-11-22T12:30:48+08:00" → "2026年11月22日"; "" when none
export function fmtDateZh(s) {
  const m = String(s || '').match(/^(\d{4})-(\d{2})-(\d{2})/)
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : ''
}

// The case's place names: the command place, the assignee, and the township and village of its place (the
// mediation committees it may go to), read only when inside the caller's own area.
export async function placeNames(get, scope, codes, known = {}) {
  const names = { ...known }
  await Promise.all(
    [...new Set(codes)]
      .filter((c) => c && !names[c] && c.startsWith(scope || '-'))
      .map((c) => get(`/api/v1/places/${c}`).then((p) => (names[c] = p.name), () => {})),
  )
  return names
}
