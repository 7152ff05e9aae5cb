// const { data, loading, error, run } = useAsync(() => get('/api/v1/...'))
// run() reloads; error is the ApiError (its .message is the server's text), shown by <AsyncState>.
import { ref, shallowRef } from 'vue'

export function useAsync(fn, { immediate = true } = {}) {
  const data = shallowRef(null)
  const loading = ref(false)
  const error = shallowRef(null)
  let seq = 0
  async function run(...args) {
    const mine = ++seq
    loading.value = true
    error.value = null
    try {
      const v = await fn(...args)
      if (mine === seq) data.value = v
      return v
    } catch (e) {
      if (mine === seq) error.value = e
      return undefined
    } finally {
      if (mine === seq) loading.value = false
    }
  }
  if (immediate) run()
  return { data, loading, error, run }
}
