// Small helpers shared by the admin screens.
import { get } from '../../api/client.js'

// "2wh" → "2 工作小时", "5wd" → "5 工作日", "24h" → "24 小时", "30d" → "30 日"; anything else is shown as is.
export function describeLimit(text, t) {
  const m = /^(\d+)(h|wh|wd|d)$/.exec(String(text || ''))
  if (!m) return text || ''
  return t('admin.limit.' + m[2], { n: Number(m[1]) })
}

// Lazy loader for an el-cascader of places: roots (GET /api/v1/places), then children.
export async function loadPlaces(node, resolve) {
  try {
    const r = node.level === 0 ? await get('/api/v1/places') : await get(`/api/v1/places/${node.value}/children`, { limit: 1000 })
    resolve(
      (r.items || []).map((p) => ({
        value: p.code,
        label: `${p.name} ${p.code}`,
        leaf: p.code.length >= 18,
      })),
    )
  } catch {
    resolve([])
  }
}

// Reads every page of a cursor-paged list.
export async function getAll(path, query = {}) {
  const out = []
  let after = ''
  for (let i = 0; i < 50; i++) {
    const r = await get(path, { ...query, limit: 1000, after })
    out.push(...(r.items || []))
    if (!r.next) break
    after = r.next
  }
  return out
}
