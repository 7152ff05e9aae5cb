// Small helpers of the screening screens (矛盾纠纷排查): calendar days as "YYYY-MM-DD" strings (the server's
// periods are calendar days of the county; no time zone is involved), the on-time rate and its colour.

// "2026-12-07" moved by n days (UTC arithmetic on the date alone).
export function addDays(day, n) {
  const [y, m, d] = String(day).split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10)
}
// The on-time rate (0..1 or null) as a percentage number (0..100) or null.
export const ratePct = (r) => (r === null || r === undefined ? null : Math.round(r * 1000) / 10)
export const rateText = (r) => (r === null || r === undefined ? '—' : `${ratePct(r).toFixed(1)}%`)
export const rateColor = (r) => (r === null || r === undefined ? '#c0c4cc' : r >= 0.9 ? '#2e7d32' : r >= 0.6 ? '#e6a23c' : '#c62828')
// "2026-12-06T13:23:13+08:00" → "2026-12-06 13:23"
export const fmtAt = (s) => (s ? String(s).slice(0, 16).replace('T', ' ') : '')
// The board's section for a place: a grid's own round is in the grids' section, a township's in the townships'.
export const sectionOf = (code) => (String(code).length === 9 ? 'townships' : 'grids')
export const CYCLES = ['week', 'half_month', 'month']
