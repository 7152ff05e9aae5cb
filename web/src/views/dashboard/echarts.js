// ECharts is loaded only when the dashboard needs it (its own chunk); the page starts the download at once so
// it arrives while the indicator requests are in flight.
let pending = null
export function loadEcharts() {
  if (!pending) pending = import('echarts')
  return pending
}
