// The care/sensitive group definitions the signed-in role may use (GET /api/v1/tags), loaded once per user.
import { session, get } from '../../api/client.js'

let cache = { user: null, promise: null }

export function loadTags() {
  const user = session.me && session.me.user_id
  if (cache.user !== user || !cache.promise) {
    cache = { user, promise: get('/api/v1/tags').then((r) => r.items || []) }
    cache.promise.catch(() => (cache.promise = null))
  }
  return cache.promise
}

// "key=value" pairs of a person's tag with the field names of its definition.
export function tagFields(defs, tag) {
  const def = (defs || []).find((d) => d.tag === tag.tag)
  const names = {}
  for (const f of (def && def.fields) || []) names[f.key] = f.name
  return Object.entries(tag.fields || {}).map(([k, v]) => ({ key: k, name: names[k] || k, value: v }))
}
