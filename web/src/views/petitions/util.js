// Small helpers shared by the petition screens (信访事项).
import { i18n } from '../../i18n/index.js'

export { fmtTime, warnType, stateType, useNarrow, ACTION_TYPES, VISITS, peopleOf } from '../orders/util.js'
export { linesOf, fmtDateZh } from '../disputes/util.js'

// A petition's states in the order one goes through them (core/order.cpp, the petition rows).
export const PETITION_STATES = ['reported', 'accepted', 'dispatched', 'handling', 'returned', 'finished', 'closed', 'refused']
// The channels a petition comes in by (POST /api/v1/petitions `channel`).
export const CHANNELS = ['letter', 'visit', 'online', 'hotline', 'mailbox']
export const isOpen = (s) => !['refused', 'closed', 'merged'].includes(s)

let keys = 1
export const blankPetitioner = () => ({ key: keys++, name: '', citizen_id: '', phone: '', address: '' })

const en = (locale) => String(locale).startsWith('en')
// The state's label for a petition (待受理, 已受理待交办, 待接办, 办理中, 已答复, 已销案 …).
export const stateText = (t, state) => t('petitions.state.' + state)
export const channelText = (t, c) => (CHANNELS.includes(c) ? t('petitions.channelName.' + c) : c || '—')

// The action's title: the server's label for the petition kind (交办, 答复, 复查, 销案, 领导包案 …) in Chinese; in
// English this area's name, else the generic order action's.
export function actionLabel(t, locale, order, action) {
  if (!en(locale) && order?.action_labels?.[action]) return order.action_labels[action]
  const key = 'petitions.action.' + action
  return i18n.global.te(key) ? t(key) : t('orders.action.' + action)
}
// An event's step as the petition kind names it: the server's action_zh (交办, 接办, 答复 …) in Chinese.
export function eventText(t, locale, e) {
  if (!en(locale) && e.action_zh) return e.action_zh
  const key = 'petitions.action.' + e.action
  return i18n.global.te(key) ? t(key) : t('orders.action.' + e.action)
}

// A due instant as the last day it allows: the server keeps a day's limit as the next midnight
// ("superior_due": "2026-12-30" comes back as 2026-12-31T00:00:00+08:00), so a midnight is the day before.
export function dueDay(s) {
  const m = String(s || '').match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/)
  if (!m) return ''
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]))
  if (m[4] === '00' && m[5] === '00' && m[6] === '00') d.setUTCDate(d.getUTCDate() - 1)
  return d.toISOString().slice(0, 10)
}
// "2027-01-06" → "2027年1月6日"
export function dayZh(day) {
  const m = String(day || '').match(/^(\d{4})-(\d{2})-(\d{2})/)
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : ''
}
export const dueDayZh = (s) => dayZh(dueDay(s))

// The petition's flags as tags: 重复信访, 越级, 上级交办, 包案.
export function flagsOf(o) {
  const out = []
  if (o.repeat) out.push('repeat')
  if (o.skip_level) out.push('skip')
  if (o.superior) out.push('superior')
  if (o.leader_user_id) out.push('lead')
  return out
}
export const FLAG_TYPES = { repeat: 'danger', skip: 'warning', superior: 'primary', lead: 'success' }

// The petitioners' names joined for an addressee line ("张三丰、李四：").
export const namesOf = (ps) => (ps || []).map((p) => p.name).filter(Boolean).join('、')

// The latest event of `action` (e.g. the refusal and its reason), or null.
export function lastEvent(o, action) {
  const ev = (o?.events || []).filter((e) => e.action === action)
  return ev.length ? ev[ev.length - 1] : null
}
// The approved extension: its days come from the request it approved (the request before the approval).
export function approvedExtension(o) {
  const ev = o?.events || []
  for (let i = ev.length - 1; i >= 0; i--) {
    if (ev[i].action !== 'approve_extension') continue
    for (let j = i - 1; j >= 0; j--) if (ev[j].action === 'request_extension') return { approval: ev[i], request: ev[j], days: ev[j].data?.days || 0 }
    return { approval: ev[i], request: null, days: 0 }
  }
  return null
}

// "2027-02-25", -20 → "2027-02-05"
export function addDays(day, n) {
  const m = String(day || '').match(/^(\d{4})-(\d{2})-(\d{2})/)
  if (!m) return ''
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3] + n))
  return d.toISOString().slice(0, 10)
}
// Chinese ordinals for numbered paragraphs: 一、二、三 …
export const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']
