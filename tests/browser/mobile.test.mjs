// The grid worker on a phone (360×740): lands on /m with the own grid's open tasks (count = the API's), reports
// an event with a photo and the current position (the order exists with the attachment), settles a micro
// matter on the spot (state = the settle rule's target state), and no page scrolls sideways.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { startServer, openPage, login, shot, apiAs, realErrors } from './harness.mjs'

// A real 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
const PNG_SHA = crypto.createHash('sha256').update(PNG).digest('hex')

let s, browser, context, page, me, cats, grid
before(async () => {
  s = await startServer()
  me = await apiAs(s, 'gridworker', 'GET', '/api/v1/me')
  cats = (await apiAs(s, 'gridworker', 'GET', '/api/v1/categories')).items.filter((c) => c.active)
  grid = await apiAs(s, 'gridworker', 'GET', `/api/v1/places/${me.scope}`)
  ;({ browser, context, page } = await openPage(s, { phone: true }))
  // Stand inside the worker's own grid: the middle of its boundary's bounding box, checked with the API.
  const ring = grid.boundary.coordinates[0]
  const xs = ring.map((p) => p[0])
  const ys = ring.map((p) => p[1])
  const lon = (Math.min(...xs) + Math.max(...xs)) / 2
  const lat = (Math.min(...ys) + Math.max(...ys)) / 2
  const loc = await apiAs(s, 'gridworker', 'GET', `/api/v1/locate?lon=${lon}&lat=${lat}`)
  assert.equal(loc.grid_code, me.scope)
  await context.setGeolocation({ latitude: lat, longitude: lon })
})
after(async () => {
  await browser?.close()
  await s?.stop()
})

async function allTodo() {
  const items = []
  let after = ''
  for (;;) {
    const r = await apiAs(s, 'gridworker', 'GET', `/api/v1/orders?mine=todo&sort=deadline&limit=200${after ? '&after=' + after : ''}`)
    items.push(...r.items)
    if (!r.next) return items
    after = r.next
  }
}

async function noSideScroll() {
  const w = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(w <= 360, `page is ${w}px wide at 360`)
}

async function pickCategory(c) {
  await page.click('[data-test=report-category]')
  await page.keyboard.type(c.name_zh)
  await page.locator('.el-select-dropdown__item:visible', { hasText: c.name_zh }).first().click()
}

async function fillReport(c, description) {
  await page.goto('/m/report')
  await page.waitForSelector('[data-test=report-description]')
  // The position is located to the worker's own grid.
  const where = await page.waitForSelector('[data-test=report-grid]', { timeout: 15000 })
  assert.match(await where.innerText(), new RegExp(grid.name))
  await pickCategory(c)
  await page.fill('[data-test=report-description]', description)
  await page.setInputFiles('[data-test=report-photo]', { name: 'scene.png', mimeType: 'image/png', buffer: PNG })
  await page.waitForSelector('[data-test=report-thumb]')
  await page.waitForFunction(() => !document.querySelector('.thumb-mask'))
}

async function submitted() {
  await page.click('[data-test=report-submit]')
  const no = (await (await page.waitForSelector('[data-test=tracking-no]', { timeout: 15000 })).innerText()).trim()
  const href = await page.getAttribute('[data-test=order-link]', 'href')
  const id = Number(href.match(/\/orders\/(\d+)$/)[1])
  return { no, id }
}

test('the grid worker lands on /m and sees as many open tasks as the API lists', async () => {
  await login(page, s, 'gridworker')
  await page.waitForURL(/\/m$/)
  const todo = await allTodo()
  assert.ok(todo.length > 0, 'the demo grid has open work')
  await page.waitForSelector('[data-test=task-card]')
  assert.equal(await page.locator('[data-test=task-card]').count(), todo.length)
  assert.equal((await page.innerText('[data-test=task-count-text]')).match(/\d+/)[0], String(todo.length))
  // Nearest deadline first, as the API; a tap opens the order.
  assert.equal(await page.getAttribute('[data-test=task-card] >> nth=0', 'href'), `/orders/${todo[0].id}`)
  assert.equal(await page.getAttribute('[data-test=task-card] >> nth=0', 'data-id'), String(todo[0].id))
  await noSideScroll()
  await shot(page, 'mobile-tasks')
  assert.deepEqual(realErrors(page), [])
})

test('a report with a photo and the current position becomes an order with the attachment', async () => {
  const c = cats.find((x) => x.parent && !x.micro)
  const description = '手机巡查上报测试 ' + Date.now()
  await fillReport(c, description)
  // Not a micro category: the settle switch is off and disabled.
  assert.equal(await page.locator('[data-test=report-settle].is-disabled').count(), 1)
  await noSideScroll()
  await shot(page, 'mobile-report')
  const { no, id } = await submitted()
  await shot(page, 'mobile-report-done')
  const o = await apiAs(s, 'gridworker', 'GET', `/api/v1/orders/${id}`)
  assert.equal(o.track_code, no)
  assert.equal(o.description, description)
  assert.equal(o.category, c.code)
  assert.equal(o.place_code, me.scope)
  assert.equal(o.channel, 'patrol')
  assert.ok(o.lat && o.lon, 'coordinates were sent')
  assert.deepEqual(o.events[0].data.attachments, [PNG_SHA])
  await noSideScroll()
  assert.deepEqual(realErrors(page), [])
})

test('settling a micro matter on the spot needs a note and a photo and ends in the settle state', async () => {
  const rules = await apiAs(s, 'gridworker', 'GET', '/api/v1/order-rules')
  const settleTo = rules.rules.find((r) => r.action === 'settle').to[0]
  const c = cats.find((x) => x.parent && x.micro)
  const description = '就地办结测试 ' + Date.now()
  await fillReport(c, description)
  await page.click('[data-test=report-settle]')
  await page.waitForSelector('[data-test=report-note]')
  // Without the result note the form refuses.
  await page.click('[data-test=report-submit]')
  assert.match(await page.innerText('[data-test=report-error]'), /处理结果/)
  await page.fill('[data-test=report-note]', '已当场清理完毕')
  await shot(page, 'mobile-settle')
  const { id } = await submitted()
  const o = await apiAs(s, 'gridworker', 'GET', `/api/v1/orders/${id}`)
  assert.equal(o.state, settleTo)
  assert.equal(o.description, description)
  const settle = o.events.find((e) => e.action === 'settle')
  assert.ok(settle, 'a settle event')
  assert.equal(settle.note, '已当场清理完毕')
  assert.deepEqual(settle.data.attachments, [PNG_SHA])
  assert.match(await page.innerText('[data-test=report-state]'), new RegExp(o.state_zh))
  await noSideScroll()
  assert.deepEqual(realErrors(page), [])
})

test('the new reports are in the task list or the API, and /m does not scroll sideways', async () => {
  await page.goto('/m')
  await page.waitForSelector('[data-test=task-card]')
  const todo = await allTodo()
  assert.equal(await page.locator('[data-test=task-card]').count(), todo.length)
  await noSideScroll()
  assert.deepEqual(realErrors(page), [])
})
