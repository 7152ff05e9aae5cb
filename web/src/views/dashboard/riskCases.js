// 高风险矛盾纠纷 on the dashboard map: the open dispute cases assessed at risk 3 under a place,
// GET /api/v1/disputes?scope=<place>&risk=3&open=true&limit=200. Those with coordinates become markers; the
// others are only counted (the legend says so). forbidden: the role may not list dispute cases (403), so the
// layer and its switch are hidden; any other failure leaves the layer empty with its message in `error`.
import { computed, ref, shallowRef } from 'vue'
import { get } from '../../api/client.js'

export const RISK_LIMIT = 200
const coord = (v) => v !== null && v !== undefined && v !== '' && Number.isFinite(Number(v))

// load(code) fetches the cases of a place ('' clears them).
export function useRiskCases() {
  const items = shallowRef([])
  const more = ref(false) // more cases than RISK_LIMIT: the first ones only
  const forbidden = ref(false)
  const error = ref('')
  let seq = 0
  async function load(code) {
    const mine = ++seq
    items.value = []
    more.value = false
    error.value = ''
    if (!code) return
    try {
      const r = await get('/api/v1/disputes', { scope: code, risk: 3, open: 'true', limit: RISK_LIMIT })
      if (mine !== seq) return
      items.value = r.items || []
      more.value = !!r.next
      forbidden.value = false
    } catch (e) {
      if (mine !== seq) return
      if (e.status === 403) forbidden.value = true
      else error.value = e.message
    }
  }

  const located = computed(() => items.value.filter((o) => coord(o.lat) && coord(o.lon)))
  const unlocated = computed(() => items.value.length - located.value.length)
  return { items, located, unlocated, more, forbidden, error, load }
}
