// The list screens of the order kinds (events, dispute cases, petitions): every filter lives in the URL query and goes
// as it is to the list API, which filters on the server; cursor paging ("load more"); ?scope=<place> (the
// dashboard's links) named on a closable tag.
//
//   const { f, items, next, loading, error, moreBusy, moreError, load, loadMore, apply, reset, dates, scopeName, clearScope }
//     = useOrderList('/api/v1/petitions', { scope: '', state: '', open: false, sort: 'newest', from: '', to: '' },
//                    { extra: () => ({ mine: 'lead' }) })
//
// `defaults` names the filters and their empty values: a boolean is sent as "true" when set, any other only
// when it differs from its default (sort "newest" is the server's own default). `extra` adds parameters the
// screen always sends; nameScope: false when the screen names the scope itself (a cascader). `apply()` writes the filters to the URL, which reloads the rows; `dates` is the
// from/to pair for an el-date-picker of type daterange.
import { computed, reactive, ref, shallowRef, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { get } from './client.js'

export function useOrderList(endpoint, defaults, { extra = () => ({}), pageSize = 30, nameScope = true } = {}) {
  const route = useRoute()
  const router = useRouter()
  const base = route.path
  const f = reactive({ ...defaults })
  const items = shallowRef([])
  const next = ref(null)
  const loading = ref(false)
  const error = shallowRef(null)
  const moreBusy = ref(false)
  const moreError = ref('')

  function fromQuery() {
    const q = route.query
    for (const [k, d] of Object.entries(defaults)) {
      const v = q[k]
      f[k] = typeof d === 'boolean' ? v === 'true' : typeof v === 'string' && v !== '' ? v : d
    }
  }
  function queryOf() {
    const q = {}
    for (const [k, d] of Object.entries(defaults)) {
      const v = f[k]
      if (typeof d === 'boolean') {
        if (v) q[k] = 'true'
      } else if (v !== '' && v !== null && v !== undefined && v !== d) q[k] = String(v)
    }
    return q
  }
  const apiQuery = () => ({ ...queryOf(), ...extra() })
  const apply = () => router.replace({ path: base, query: queryOf() })
  const reset = () => router.replace({ path: base, query: {} })

  // The received-date range as a daterange picker wants it: both ends or none.
  const dates = computed({
    get: () => (f.from && f.to ? [f.from, f.to] : null),
    set: (v) => {
      f.from = (v && v[0]) || ''
      f.to = (v && v[1]) || ''
    },
  })

  let seq = 0
  async function load() {
    const mine = ++seq
    loading.value = true
    error.value = null
    moreError.value = ''
    try {
      const r = await get(endpoint, { ...apiQuery(), limit: pageSize })
      if (mine !== seq) return
      items.value = r.items || []
      next.value = r.next || null
    } catch (e) {
      if (mine === seq) {
        error.value = e
        items.value = []
        next.value = null
      }
    } finally {
      if (mine === seq) loading.value = false
    }
  }
  async function loadMore() {
    const mine = seq
    moreBusy.value = true
    moreError.value = ''
    try {
      const r = await get(endpoint, { ...apiQuery(), limit: pageSize, after: next.value })
      if (mine !== seq) return // the filters changed meanwhile: that page belongs to another list
      items.value = [...items.value, ...(r.items || [])]
      next.value = r.next || null
    } catch (e) {
      if (mine === seq) moreError.value = e.message
    } finally {
      moreBusy.value = false
    }
  }

  // ?scope=<place>: the place's name on the tag (the code until it is read)
  const scopeName = ref('')
  function clearScope() {
    f.scope = ''
    apply()
  }
  if (nameScope && 'scope' in defaults)
    watch(
      () => f.scope,
      (c) => {
        scopeName.value = ''
        if (c) get(`/api/v1/places/${c}`).then((p) => c === f.scope && (scopeName.value = p.name), () => {})
      },
    )

  // A new query in the URL reloads; the same query again (a reset of nothing) does not.
  let last = null
  watch(
    () => [route.path, route.query],
    () => {
      if (route.path !== base) return
      fromQuery()
      const key = JSON.stringify(apiQuery())
      if (key !== last) {
        last = key
        load()
      }
    },
    { immediate: true },
  )

  return { f, items, next, loading, error, moreBusy, moreError, load, loadMore, apply, reset, dates, scopeName, clearScope }
}
