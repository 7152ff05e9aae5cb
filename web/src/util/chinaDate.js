// The county's days and months are China's (UTC+08:00, as the server counts them), whatever time zone the
// browser is set to: a dashboard opened at 00:30 in Beijing on a laptop left on UTC must still ask for today.
const CHINA = 8 * 3600 * 1000

// "YYYY-MM-DD" of a moment, China time ('' for an invalid one).
export function chinaDate(v = new Date()) {
  const d = v instanceof Date ? v : new Date(v)
  if (Number.isNaN(d.getTime())) return ''
  return new Date(d.getTime() + CHINA).toISOString().slice(0, 10)
}

// Today, China time.
export const chinaToday = () => chinaDate(new Date())

// The month "YYYY-MM", `back` calendar months before the China-time month of `now`.
export function chinaMonth(back = 0, now = new Date()) {
  const d = new Date(now.getTime() + CHINA)
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1))
  return `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}`
}
