// Small helpers shared by the 志愿服务活动 screens (staff and phone).
export { fmtTime, useNarrow } from '../orders/util.js'
export { nameOf } from '../points/util.js'

const en = (locale) => String(locale).startsWith('en')

// The server's times are China local time ("2026-12-12T09:00:00+08:00"; one without an offset is China time too).
export function parseTime(s) {
  if (!s) return NaN
  const iso = /([zZ]|[+-]\d\d:?\d\d)$/.test(s) ? s : s + '+08:00'
  return new Date(iso).getTime()
}

// A date as China local time for the API and the pickers: "2026-12-12T09:00:00" (seconds dropped).
export function chinaLocal(ms) {
  return new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 16) + ':00'
}

// "2026-12-12 09:00 – 11:00" (the end's date only when it differs).
export function timeRange(a) {
  const s = String(a.starts_at || '').replace('T', ' ').slice(0, 16)
  const e = String(a.ends_at || '').replace('T', ' ').slice(0, 16)
  return s.slice(0, 10) === e.slice(0, 10) ? `${s} – ${e.slice(11)}` : `${s} – ${e}`
}

// cancelled, or by the clock: upcoming (before the start), ongoing, ended.
export function activityState(a, now = Date.now()) {
  if (a.cancelled) return 'cancelled'
  if (now < parseTime(a.starts_at)) return 'upcoming'
  if (now <= parseTime(a.ends_at)) return 'ongoing'
  return 'ended'
}
export const stateType = (s) => ({ upcoming: 'primary', ongoing: 'success', ended: 'info', cancelled: 'danger' })[s] || 'info'
export const stateText = (t, s) => t('activities.state.' + s)

// A sign-up's status: the server's status_zh in Chinese, this area's names in English.
export const signupText = (t, locale, row) => (!en(locale) && row.status_zh ? row.status_zh : t('activities.signup.' + row.status))
export const signupType = (s) => ({ signed: 'primary', present: 'warning', done: 'success', cancelled: 'info' })[s] || 'info'

// Hours as the ledger shows them ("1.5 小时"); a duration that is not whole half hours to two decimals at most.
export function hoursText(t, h) {
  const n = Math.round((Number(h) || 0) * 100) / 100
  return t('activities.hours', { n: String(n) })
}

// An activity's duration: "2 小时", "1.5 小时", "2 小时 10 分钟".
export function durationText(t, h) {
  const m = Math.round((Number(h) || 0) * 60)
  if (m % 30 === 0) return hoursText(t, m / 60)
  return t('activities.hm', { h: Math.floor(m / 60), m: m % 60 })
}

// The most hours an organiser may confirm: the activity's duration in whole half hours.
export const maxCredit = (a) => Math.floor(Math.round((Number(a?.hours) || 0) * 60) / 30) / 2

// The phone's check-in page with the activity's code: what the QR code carries (a phone camera opens it).
export const checkinUrl = (a, origin = window.location.origin) => `${origin}/m/activities/${a.id}?code=${encodeURIComponent(a.code || '')}`

// The phone's position when the browser has and allows it, else null (check-in works without it).
export function position(timeout = 8000) {
  return new Promise((resolve) => {
    if (!navigator.geolocation) return resolve(null)
    const timer = setTimeout(() => resolve(null), timeout + 500)
    navigator.geolocation.getCurrentPosition(
      (p) => {
        clearTimeout(timer)
        resolve({ lat: Math.round(p.coords.latitude * 1e6) / 1e6, lon: Math.round(p.coords.longitude * 1e6) / 1e6 })
      },
      () => {
        clearTimeout(timer)
        resolve(null)
      },
      { enableHighAccuracy: true, timeout, maximumAge: 60000 },
    )
  })
}

// "26.40000, 103.30000" or ''.
export const positionText = (row) => (row && row.lat !== null && row.lat !== undefined ? `${Number(row.lat).toFixed(5)}, ${Number(row.lon).toFixed(5)}` : '')

// A typed check-in code: letters and digits, upper case (the QR's code is 8 upper-case hex characters).
export const cleanCode = (s) => String(s || '').replace(/[^0-9a-zA-Z]/g, '').toUpperCase().slice(0, 8)
