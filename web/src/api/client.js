// The one HTTP client of the web UI: JSON in and out, the session token, and problem+json errors.
// Every screen calls api()/get()/post(); an error is an ApiError whose message is the server's own text
// (Chinese or English after the UI language), so screens show exactly what the server said.
import { reactive } from 'vue'

const TOKEN_KEY = 'wangge.token'

export const session = reactive({
  token: localStorage.getItem(TOKEN_KEY) || '',
  me: null, // GET /api/v1/me: user_id, username, display_name, role, role_zh, scope, permissions[], ...
  scopeName: '',
  unread: 0,
})

let currentLocale = () => 'zh-CN'
export function setLocaleGetter(fn) {
  currentLocale = fn
}
const english = () => String(currentLocale()).startsWith('en')

export class ApiError extends Error {
  constructor(status, problem) {
    const en = english()
    super((en ? problem.detail : problem.detail_zh) || problem.message || problem.title || `HTTP ${status}`)
    this.status = status
    this.problem = problem
    this.field = problem.field
  }
}

export function setToken(token) {
  session.token = token || ''
  if (token) localStorage.setItem(TOKEN_KEY, token)
  else localStorage.removeItem(TOKEN_KEY)
}

function url(path, query) {
  const u = new URL(path, window.location.origin)
  if (query)
    for (const [k, v] of Object.entries(query))
      if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, String(v))
  return u.pathname + u.search
}

// api(method, path, {query, body, blob, raw, contentType})
//   body: an object (sent as JSON) or a Blob/File/ArrayBuffer (sent as is with contentType)
//   blob: true to get a Blob back (downloads, photos); otherwise JSON (or null for an empty body)
export async function api(method, path, opts = {}) {
  const headers = { 'Accept-Language': english() ? 'en' : 'zh-CN' }
  if (session.token) headers.Authorization = `Bearer ${session.token}`
  let body
  if (opts.body instanceof Blob || opts.body instanceof ArrayBuffer) {
    body = opts.body
    headers['Content-Type'] = opts.contentType || 'application/octet-stream'
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body)
    headers['Content-Type'] = 'application/json'
  }
  let res
  try {
    res = await fetch(url(path, opts.query), { method, headers, body })
  } catch (e) {
    throw new ApiError(0, { detail: 'cannot reach the server', detail_zh: '无法连接服务器，请检查网络' })
  }
  if (!res.ok) {
    let problem = {}
    try {
      problem = await res.json()
    } catch {
      problem = { title: res.statusText }
    }
    if (res.status === 401 && session.token && !path.endsWith('/auth/login')) {
      setToken('')
      session.me = null
      if (!location.pathname.startsWith('/login')) location.assign('/login?next=' + encodeURIComponent(location.pathname))
    }
    throw new ApiError(res.status, problem)
  }
  if (opts.blob) return res.blob()
  const text = await res.text()
  return text ? JSON.parse(text) : null
}

export const get = (path, query) => api('GET', path, { query })
export const post = (path, body, query) => api('POST', path, { body, query })
export const put = (path, body) => api('PUT', path, { body })
export const patch = (path, body) => api('PATCH', path, { body })
export const del = (path) => api('DELETE', path)

export function can(permission) {
  return !!session.me && (session.me.permissions || []).includes(permission)
}

// Loads the user behind the stored token (null when none or expired).
export async function loadMe() {
  if (!session.token) return null
  try {
    session.me = await get('/api/v1/me')
    try {
      const p = await get(`/api/v1/places/${session.me.scope}`)
      session.scopeName = p.name || session.me.scope
    } catch {
      session.scopeName = session.me.scope
    }
    return session.me
  } catch {
    setToken('')
    session.me = null
    return null
  }
}

// Downloads a Blob under a file name.
export function saveBlob(blob, name) {
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = name
  document.body.appendChild(a)
  a.click()
  setTimeout(() => {
    URL.revokeObjectURL(a.href)
    a.remove()
  }, 1000)
}
