// Residents and the public: a resident reports through /resident/report (tracking number shown, the order
// exists), sees it in /resident; anyone follows it on /track without signing in; /board shows closed cases
// with no phone or ID numbers. Screens at phone and desktop size.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, openPage, login, shot, apiAs, realErrors } from './harness.mjs'

const PHONE = /(?<!\d)1[3-9]\d{9}(?!\d)/
const CITIZEN_ID = /(?<!\d)\d{17}[\dXx](?!\d)/

let s, phone, desktop, report
before(async () => {
  s = await startServer()
  phone = await openPage(s, { phone: true })
  desktop = await openPage(s)
})
after(async () => {
  await phone?.browser.close()
  await desktop?.browser.close()
  await s?.stop()
})

async function noSideScroll(page, width) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(w <= width, `page is ${w}px wide at ${width}`)
}

test('a resident reports a problem on the phone and gets a tracking number', async () => {
  const { page } = phone
  await login(page, s, 'resident')
  await page.waitForURL(/\/resident$/)
  const cats = (await apiAs(s, 'resident', 'GET', '/api/v1/categories')).items.filter((c) => c.active && c.parent)
  const c = cats[0]
  await page.goto('/resident/report')
  await page.waitForSelector('[data-test=report-description]')
  // The harness position (26.4, 103.3) lies outside the resident's grids: the form falls back to the own place.
  await page.waitForSelector('[data-test=report-gps-msg], [data-test=report-grid]', { timeout: 15000 })
  await page.click('[data-test=report-category]')
  await page.keyboard.type(c.name_zh)
  await page.locator('.el-select-dropdown__item:visible', { hasText: c.name_zh }).first().click()
  const description = '楼下路灯不亮 ' + Date.now()
  await page.fill('[data-test=report-description]', description)
  await noSideScroll(page, 360)
  await shot(page, 'public-report-phone')
  await page.click('[data-test=report-submit]')
  const no = (await (await page.waitForSelector('[data-test=tracking-no]', { timeout: 15000 })).innerText()).trim()
  // The tracking code (查询码): the tracking number and its secret part; the number alone follows nothing.
  assert.match(no, /^WG\d{16}-[0-9A-F]{10}$/)
  const href = await page.getAttribute('[data-test=order-link]', 'href')
  const id = Number(href.match(/^\/orders\/(\d+)$/)[1])
  await shot(page, 'public-report-done-phone')
  const o = await apiAs(s, 'resident', 'GET', `/api/v1/orders/${id}`)
  assert.equal(o.track_code, no)
  assert.equal(o.tracking_no, no.split('-')[0])
  assert.equal(o.description, description)
  assert.equal(o.category, c.code)
  assert.ok(o.place_code.startsWith(s.accounts.resident.scope), o.place_code)
  report = { no, id, o }
  assert.deepEqual(realErrors(page), [])
})

test('the resident list shows the new report first, as the API', async () => {
  const { page } = phone
  await page.goto('/resident')
  await page.waitForSelector('[data-test=mine-card]')
  const api = await apiAs(s, 'resident', 'GET', '/api/v1/orders?mine=reported&sort=newest&limit=20')
  assert.equal(await page.locator('[data-test=mine-card]').count(), api.items.length)
  assert.equal(await page.getAttribute('[data-test=mine-card] >> nth=0', 'href'), `/orders/${report.id}`)
  await noSideScroll(page, 360)
  await shot(page, 'public-mine-phone')
  assert.deepEqual(realErrors(page), [])
})

test('the resident form at desktop size; a missing description is refused', async () => {
  const { page } = desktop
  await login(page, s, 'resident')
  await page.goto('/resident/report')
  await page.waitForSelector('[data-test=report-place]')
  await page.click('[data-test=report-submit]')
  assert.match(await page.innerText('[data-test=report-error]'), /分类/)
  await shot(page, 'public-report-desktop')
  assert.deepEqual(realErrors(page), [])
})

test('anyone follows the report on /track without signing in', async () => {
  const { browser, page } = await openPage(s, { phone: true })
  try {
    await page.goto('/track')
    await page.fill('[data-test=track-no]', report.no)
    await page.click('[data-test=track-submit]')
    await page.waitForSelector('[data-test=track-result]')
    const api = await (await fetch(`${s.base}/api/v1/track?no=${report.no}`)).json()
    assert.equal(await page.locator('[data-test=track-step]').count(), api.events.length)
    assert.equal((await page.innerText('[data-test=track-result-no]')).trim(), report.no.split('-')[0])
    assert.equal(api.track_code, undefined)
    assert.match(await page.innerText('[data-test=track-state]'), new RegExp(api.state_zh))
    const text = await page.innerText('body')
    assert.doesNotMatch(text, PHONE)
    await noSideScroll(page, 360)
    await shot(page, 'public-track-phone')
    // The tracking number alone (sequential, guessable) shows the server's message, like an unknown code.
    await page.fill('[data-test=track-no]', report.no.split('-')[0])
    await page.click('[data-test=track-submit]')
    assert.match(await (await page.waitForSelector('[data-test=error]')).innerText(), /查询码不存在/)
    assert.deepEqual(realErrors(page), [])
  } finally {
    await browser.close()
  }
})

test('/board lists closed cases, pages on, and shows no phone or ID numbers', async () => {
  for (const [size, width] of [['phone', 360], ['desktop', 1920]]) {
    const { browser, page } = await openPage(s, { phone: size === 'phone' })
    try {
      await page.goto('/board')
      await page.waitForSelector('[data-test=board-card]')
      const limit = size === 'phone' ? 10 : 24
      const api = await (await fetch(`${s.base}/api/v1/board?limit=${limit}`)).json()
      assert.equal(await page.locator('[data-test=board-card]').count(), api.items.length)
      assert.ok(api.items.every((o) => o.state === 'closed'))
      assert.match(await page.innerText('[data-test=board-card] >> nth=0'), new RegExp(api.items[0].category_name))
      // The rating reads as the engine means it: 1 满意, 2 基本满意, 3 不满意 (stars: 3 for 满意).
      const rated = api.items.findIndex((o) => o.rating)
      if (rated >= 0) {
        const label = { 1: '满意', 2: '基本满意', 3: '不满意' }[api.items[rated].rating]
        const card = page.locator('[data-test=board-card]').nth(rated)
        assert.equal((await card.locator('[data-test=board-rating-label]').innerText()).trim(), label)
      }
      const text = await page.innerText('body')
      assert.doesNotMatch(text, PHONE)
      assert.doesNotMatch(text, CITIZEN_ID)
      await noSideScroll(page, width)
      await shot(page, `public-board-${size}`)
      // The next page shows the API's next page.
      const api2 = await (await fetch(`${s.base}/api/v1/board?limit=${limit}&after=${api.next}`)).json()
      await page.click('[data-test=board-next]')
      await page.waitForFunction((n) => document.querySelector('[data-test=board-page]')?.innerText.includes(n), '2')
      await page.waitForFunction(
        (t) => document.querySelector('[data-test=board-card]')?.innerText.includes(t),
        api2.items[0].title,
      )
      assert.doesNotMatch(await page.innerText('body'), PHONE)
      assert.deepEqual(realErrors(page), [])
    } finally {
      await browser.close()
    }
  }
})
