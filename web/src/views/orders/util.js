// Small helpers shared by the orders screens.
import { i18n } from '../../i18n/index.js'

// "2026-11-22T12:30:48+08:00" → "2026-11-22 12:30"
export function fmtTime(s) {
  if (!s) return ''
  return String(s).replace('T', ' ').slice(0, 16)
}

// warn colour → Element Plus tag type
export function warnType(w) {
  return w === 'red' ? 'danger' : w === 'yellow' ? 'warning' : 'success'
}

const stateTypes = {
  reported: 'warning', accepted: 'warning', dispatched: 'primary', handling: 'primary', returned: 'danger',
  finished: 'success', verified: 'success', closed: 'info', refused: 'info', merged: 'info', transferred: 'warning',
}
export function stateType(s) {
  return stateTypes[s] || 'info'
}

export { useNarrow } from '../../api/useNarrow.js'

// A case's people (a dispute's parties, a petition's petitioners) as the list rows carry them, masked: "吴*、李*".
export const peopleOf = (row) => (row && row.people && row.people.length ? row.people.join('、') : '—')

// The fields each action's input must carry (src/core/order.cpp, the engine's rule table). Only a fallback: an
// order's detail carries `action_needs` (per action the caller may do now, for that order's kind), which wins.
export const ACTION_NEEDS = {
  accept: [],
  refuse: ['reason'],
  merge: ['merge_into'],
  dispatch: ['target'],
  claim: [],
  grab: [],
  progress: ['note', 'attachments'],
  finish: ['note', 'attachments'],
  return: ['reason'],
  escalate: ['reason'],
  whistle: ['departments', 'reason'],
  ack: [],
  request_extension: ['days', 'reason'],
  approve_extension: [],
  refuse_extension: ['reason'],
  verify_pass: [],
  verify_fail: ['reason'],
  rate: ['rating'],
  supervise: ['strength', 'note'],
  // the dispute kind's own actions (矛盾纠纷)
  assess: ['risk', 'reason'],
  extend: ['days', 'reason', 'consents'],
  agree: ['outcome'],
  fail: ['route', 'reason'],
  confirm: ['reference'],
  follow_up: ['note'],
  conclude: ['reference', 'note'],
}
// The optional fields an action may carry besides (an order's `action_options`) and their values: how a petition's
// 办理 met the petitioner (visit: 接访, 约访, 下访).
export const VISITS = ['receive', 'appointment', 'home']

// Actions whose button is "dangerous" (shown in red / plain).
export const ACTION_TYPES = {
  accept: 'primary', dispatch: 'primary', claim: 'primary', grab: 'primary', finish: 'success', verify_pass: 'success', rate: 'success',
  refuse: 'danger', return: 'danger', verify_fail: 'danger', refuse_extension: 'danger', approve_extension: 'success',
  supervise: 'warning', whistle: 'warning', escalate: 'warning',
  agree: 'success', follow_up: 'success', conclude: 'success', confirm: 'primary', assess: 'warning', extend: 'warning', fail: 'danger',
}

// The action's title: the server's label for this order's kind (a dispute's progress is 调解) in Chinese, then the
// kind's own name where an area keeps one (services.actions.<kind>.<action>: a service order's dispatch is 派单, a
// wish's accept 审核发布), the generic name otherwise.
export function actionLabel(t, locale, order, action) {
  const zh = !String(locale).startsWith('en')
  if (zh && order && order.action_labels && order.action_labels[action]) return order.action_labels[action]
  // (an errand's are the errands area's: errands.actions.<action>)
  const kindKey = !order || !order.kind ? '' : order.kind === 'errand' ? `errands.actions.${action}` : `services.actions.${order.kind}.${action}`
  if (kindKey && i18n.global.te(kindKey)) return t(kindKey)
  return t('orders.action.' + action)
}
