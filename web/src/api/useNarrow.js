// true below `limit` px (phones, default 768): screens switch from tables to cards, the menu to a drawer.
import { ref, onMounted, onUnmounted } from 'vue'

export function useNarrow(limit = 768) {
  const narrow = ref(typeof window !== 'undefined' && window.innerWidth < limit)
  const update = () => (narrow.value = window.innerWidth < limit)
  onMounted(() => window.addEventListener('resize', update))
  onUnmounted(() => window.removeEventListener('resize', update))
  return narrow
}
