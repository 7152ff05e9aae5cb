// The one rule for user text in this UI: it never reaches HTML as markup (issue 11: a place renamed to
// `古城街道<img src=x onerror=…>` ran its script in Leaflet's tooltip on the county centre's dashboard).
//
// Vue's {{ }} and attribute bindings escape by themselves, and Element Plus shows text unless told otherwise
// (never use v-html, `dangerouslyUseHTMLString` or `raw-content`). The libraries that take an HTML string do
// not escape: Leaflet's bindTooltip / bindPopup / divIcon({ html }) and ECharts formatter functions (tooltip
// and label; ECharts' default tooltip escapes, a custom formatter's string is HTML). Give them DOM nodes
// built with textBlock(), or strings built with escapeHtml().

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' }

// `s` (any value; null and undefined give '') as HTML text: the markup characters become entities.
export function escapeHtml(s) {
  return String(s ?? '').replace(/[&<>"'`]/g, (c) => ENTITIES[c])
}

// A <div> with one child <div> per line, each line set as textContent (nothing is parsed as HTML): the
// content of a Leaflet tooltip or popup. Null and undefined lines are left out.
export function textBlock(...lines) {
  const el = document.createElement('div')
  for (const line of lines) {
    if (line === null || line === undefined) continue
    const row = document.createElement('div')
    row.textContent = String(line)
    el.appendChild(row)
  }
  return el
}
