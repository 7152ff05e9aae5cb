// The figures of a 志愿服务证明 (PrintServiceRecord.vue), kept apart from the page so they can be read and checked
// on their own. The certificate lists, for one hours account and one period, every `service` entry credited to
// the account (hours served, recorded by the organiser: an activity's check-out or a closed 服务工单 / 微心愿,
// or hours recorded by staff), leaving out an entry that was reversed (冲正: it has `reversed_by`, and a later
// `reversal` entry names it in `reverses`) and the reversals themselves. Amounts come from the API in hours
// (1.5); the ledger keeps whole half hours.
import { get } from '../../api/client.js'
import { chinaDate } from '../../util/chinaDate.js'

export { chinaDate } // the ledger's days and months are China's

// The period a certificate covers: 'last12' (or anything but a year) = the last 12 months (from the day after the same date a year ago to
// today), or a year "YYYY" (1 January to 31 December, or to today for the current year).
export function periodOf(sel, now = new Date()) {
  const today = chinaDate(now)
  if (/^\d{4}$/.test(String(sel || ''))) {
    const y = String(sel)
    const end = `${y}-12-31`
    return { from: `${y}-01-01`, to: end < today ? end : today }
  }
  const [y, m, d] = today.split('-').map(Number)
  // a year back, then one day on: 2026-12-07 → 2025-12-08; 2024-02-29 → 2023-03-01
  const back = new Date(Date.UTC(y - 1, m - 1, d))
  if (back.getUTCMonth() !== m - 1) back.setUTCDate(0) // 29 February in a common year: the 28th
  back.setUTCDate(back.getUTCDate() + 1)
  return { from: back.toISOString().slice(0, 10), to: today }
}

// Whole half hours (the ledger's unit), as a number: 1.5, 2, 0.5.
export const halfHours = (h) => Math.round((Number(h) || 0) * 2) / 2

// The certificate's lines, oldest first: { id, date, memo, ref, hours }, and their total in hours.
export function serviceLines(entries, { from, to }) {
  const reversed = new Set()
  for (const e of entries) {
    if (e.kind === 'reversal' && e.reverses) reversed.add(Number(e.reverses))
    if (e.reversed_by) reversed.add(Number(e.id))
  }
  const lines = entries
    .filter((e) => e.kind === 'service' && Number(e.amount) > 0 && !reversed.has(Number(e.id)))
    .map((e) => ({ id: e.id, date: chinaDate(e.created_at), memo: e.memo || '', ref: e.ref || '', hours: halfHours(e.amount) }))
    .filter((l) => l.date >= from && l.date <= to)
    .sort((a, b) => (a.date === b.date ? a.id - b.id : a.date < b.date ? -1 : 1))
  const total = halfHours(lines.reduce((s, l) => s + l.hours, 0))
  return { lines, total }
}

// Every entry of an account's statement (GET /api/v1/ledger/accounts/{id}/statement, following `next`). The
// statement is ordered by entry, not by date (an entry may be recorded after a later one), so all are read.
export async function wholeStatement(accountId, { pageSize = 500 } = {}) {
  const all = []
  let after = ''
  for (let i = 0; i < 1000; i++) {
    const r = await get(`/api/v1/ledger/accounts/${accountId}/statement`, { limit: pageSize, after })
    all.push(...(r.items || []))
    if (!r.next || r.next === after) break
    after = r.next
  }
  return all
}

// The years a volunteer may pick: this year and back to the oldest service entry's year (at most 10).
export function yearsOf(entries, now = new Date()) {
  const thisYear = Number(chinaDate(now).slice(0, 4))
  let oldest = thisYear
  for (const e of entries) if (e.kind === 'service') oldest = Math.min(oldest, Number(chinaDate(e.created_at).slice(0, 4)) || thisYear)
  const years = []
  for (let y = thisYear; y >= Math.max(oldest, thisYear - 9); y--) years.push(String(y))
  return years
}

// The certifying committee: 龙祥社区 → 龙祥社区居民委员会, 张家园村 → 张家园村民委员会 (the place's kind says which;
// the name is completed when it lacks the 社区 / 村 ending); in English "… Residents' Committee" / "… Villagers'
// Committee". Messages points.record.committee.<kind> with {name}.
export function committeeOf(t, place) {
  if (!place || !place.name) return ''
  const n = place.name
  const kind = place.kind === 'village' || place.kind === 'community' ? place.kind : /村$/.test(n) ? 'village' : /社区$/.test(n) ? 'community' : 'other'
  const name = kind === 'village' ? n.replace(/村$/, '') + '村' : kind === 'community' ? n.replace(/社区$/, '') + '社区' : n
  return t('points.record.committee.' + kind, { name })
}
