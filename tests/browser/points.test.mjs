// 积分 / 时间银行 and the 积分超市 through the UI: the community secretary awards a resident points by a rule through
// 积分管理's form (the monthly cap's refusal shows the server's message), the accounts table shows the balance the
// API gives, and 冲正 in the statement takes it back; the secretary puts an item with stock 1 on the shelf of the
// 积分超市; the resident, on a phone (/m/points), sees their balance, redeems the item through the dialog (cost
// and balance after shown), and the balance and the stock drop in the API; a second redemption of the item from a
// page read before shows the server's 库存不足; the secretary finds the pending redemption and confirms it
// (已领取); 记时长 takes half hours only (the form says so) and shows the server's refusal when the one served
// cannot pay; the hours account shows the API's balance; 月结: a closed month offers no 结账 and the server refuses
// to close it again, an old month closes through the button and is listed, and a page that still offers 结账 for
// it shows the server's refusal; the points screen speaks English after the switch. No console errors anywhere.
//
// The demo holds a year of points and hours (the demo accounts' people among them, some rules' monthly caps used
// this month, every past month closed, redemptions waiting): the test reads the balances first and asserts what
// its own steps change, picks a rule with room under its cap this month, and a payer who holds too few hours.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, openPage, login, shot, apiAs, realErrors, apiInPage, tableShows } from './harness.mjs'

let s
const browsers = []
const st = {} // community, resident {person_id, name}, rules, capped, rule, count, entry, item, points, redemption
before(async () => {
  s = await startServer()
  st.community = (await apiAs(s, 'secretary', 'GET', '/api/v1/me')).scope
  const mine = (await apiAs(s, 'resident', 'GET', '/api/v1/ledger/me')).items
  const points = mine.find((a) => a.currency === 'points')
  st.resident = { person_id: points.person_id, name: points.person_name }
  st.rules = (await apiAs(s, 'secretary', 'GET', '/api/v1/ledger/rules')).items
  st.capped = st.rules.find((r) => r.code === 'clean_courtyard')
  assert.ok(st.capped.monthly_cap > 0 && Math.floor(st.capped.monthly_cap / st.capped.points) + 1 <= 20, 'a capped rule the form can exceed')
})
after(async () => {
  for (const b of browsers) await b.close()
  await s?.stop()
})
async function open(opts) {
  const p = await openPage(s, opts)
  browsers.push(p.browser)
  return p.page
}
const text = async (p, sel) => (await p.locator(sel).first().innerText()).trim()
const attr = (p, sel, name) => p.locator(sel).first().getAttribute(name)
// The body of a refusal, as the server answers the same request (refusals change nothing).
async function problemOf(user, method, p, body) {
  const r = await fetch(s.base + p, { method, headers: { Authorization: `Bearer ${s.tokens[user]}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  assert.ok(r.status >= 400 && r.status < 500, `${method} ${p} answered ${r.status}`)
  return { status: r.status, ...(await r.json()) }
}
// Types into a remote el-select and picks the option with data-test=`option`.
async function pickRemote(p, selectSel, typed, option) {
  await p.locator(`${selectSel}:visible`).click()
  await p.locator(`${selectSel}:visible input`).pressSequentially(typed, { delay: 30 })
  await p.locator(`.el-select-dropdown__item[data-test=${option}]:visible`).click()
}
async function pickOption(p, selectSel, option) {
  await p.locator(`${selectSel}:visible`).click()
  await p.locator(`.el-select-dropdown__item[data-test=${option}]:visible`).click()
}
const settled = (p) => p.waitForFunction(() => !document.querySelector('.dialog-fade-enter-active, .dialog-fade-leave-active'))
const noOverlay = (p) => p.waitForFunction(() => [...document.querySelectorAll('.el-overlay')].every((e) => getComputedStyle(e).display === 'none'))

// The month "YYYY-MM" `back` months before this one, China time (the server's periods).
function monthOf(back = 0) {
  const d = new Date(Date.now() + 8 * 3600 * 1000)
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1)).toISOString().slice(0, 7)
}
// A person's account in one currency as the secretary reads it (null: none opened yet).
async function accountOf(personId, currency) {
  const r = await apiAs(s, 'secretary', 'GET', `/api/v1/ledger/accounts?person_id=${personId}&currency=${currency}`)
  return (r.items || []).find((a) => a.person_id === personId && a.currency === currency) || null
}
const balanceOf = async (personId, currency) => (await accountOf(personId, currency))?.balance ?? 0
// What a person may still earn this month by each rule: the cap less the month's awards by it (a reversal, which
// carries the rule, gives its room back), from the whole statement of the person's points account.
async function roomByRule(personId) {
  const earned = {}
  const acct = await accountOf(personId, 'points')
  const period = monthOf(0)
  for (let after = ''; acct; ) {
    const r = await apiAs(s, 'secretary', 'GET', `/api/v1/ledger/accounts/${acct.id}/statement?limit=500${after ? '&after=' + encodeURIComponent(after) : ''}`)
    for (const e of r.items) if (e.rule && e.period === period) earned[e.rule] = (earned[e.rule] || 0) + e.amount
    if (!r.next) break
    after = r.next
  }
  const room = {}
  for (const r of st.rules) room[r.code] = r.monthly_cap > 0 ? r.monthly_cap - (earned[r.code] || 0) : Infinity
  return room
}
// The rules with room for `count` awards this month, the roomiest first.
async function rulesWithRoom(personId, count) {
  const room = await roomByRule(personId)
  return st.rules
    .filter((r) => r.code !== st.capped.code && room[r.code] >= r.points * count)
    .map((r) => ({ rule: r, room: room[r.code] }))
    .sort((a, b) => b.room - a.room)
}
// The accounts table's cell of a person's balance reading `value` ("load more" until the row shows: the table
// runs by account, 50 at a time). Returns its selector.
async function showAccount(p, personId, value) {
  const panel = '[data-test=accounts-panel]'
  const cell = `${panel} [data-test=account-balance][data-person="${personId}"][data-value="${value}"]`
  for (let i = 0; i < 40; i++) {
    await p.waitForFunction(
      ([pl, c]) => document.querySelector(c) || (!document.querySelector(`${pl} .el-loading-mask, ${pl} [data-test=loading], ${pl} [data-test=accounts-more].is-loading`) && document.querySelector(`${pl} [data-test=accounts-more]`)),
      [panel, cell],
      { timeout: 15000 },
    )
    if (await p.locator(cell).count()) return cell
    await p.click(`${panel} [data-test=accounts-more]`)
  }
  throw new Error(`no account row for person ${personId} reading ${value}`)
}
// Types a month into the period panel's month picker and closes it with Enter (the picker does not carry its
// data-test=period-month into the page: it is found as the panel's month editor).
async function typeMonth(p, value) {
  const sel = '[data-test=period-panel] .el-date-editor--month input'
  const input = p.locator(sel).first()
  await input.click()
  await input.fill(value)
  await input.press('Enter')
  await p.waitForFunction(([sl, v]) => document.querySelector(sl)?.value === v, [sel, value])
}
// 结账 through the period panel's button and its confirmation.
async function clickClose(p) {
  await p.click('[data-test=period-close]')
  const box = p.locator('.el-message-box:visible')
  await box.waitFor()
  await box.locator('.el-message-box__btns .el-button--primary').click()
}

test('the secretary awards points through the form, sees the balance, and reverses the entry', async () => {
  // what the resident holds, and a rule with room for two awards this month
  const start = await balanceOf(st.resident.person_id, 'points')
  const roomy = await rulesWithRoom(st.resident.person_id, 2)
  assert.ok(roomy.length, 'a rule with room for two awards to the resident this month')
  st.rule = roomy[0].rule
  st.count = 2
  const n = st.rule.points * st.count
  const page = await open()
  await login(page, s, 'secretary')
  await page.locator('[data-test=nav-points]').click()
  await page.waitForURL(/\/points$/)
  await page.waitForSelector('[data-test=accounts-panel]')

  await page.click('[data-test=tab-award]')
  await pickRemote(page, '[data-test=award-person]', st.resident.name, `person-option-${st.resident.person_id}`)
  // over the rule's monthly cap: the server's message, nothing posted
  await pickOption(page, '[data-test=award-rule]', `rule-option-${st.capped.code}`)
  const over = Math.floor(st.capped.monthly_cap / st.capped.points) + 1
  await page.locator('[data-test=award-count] input').fill(String(over))
  await page.locator('[data-test=award-count] input').press('Tab')
  await page.click('[data-test=award-submit]')
  const err = page.locator('[data-test=award-error]')
  await err.waitFor({ timeout: 15000 })
  const problem = await problemOf('secretary', 'POST', '/api/v1/ledger/awards', { person_id: st.resident.person_id, rule: st.capped.code, count: over })
  assert.equal(problem.status, 409)
  assert.equal(problem.field, 'count')
  assert.equal(await err.getAttribute('data-status'), '409')
  assert.equal((await err.innerText()).trim(), problem.detail_zh)
  await page.locator('.el-message--error', { hasText: problem.detail_zh }).first().waitFor({ timeout: 5000 })
  await shot(page, 'points-award-cap')

  // the rule of the test, twice
  await pickOption(page, '[data-test=award-rule]', `rule-option-${st.rule.code}`)
  await page.locator('[data-test=award-count] input').fill(String(st.count))
  await page.locator('[data-test=award-count] input').press('Tab')
  assert.equal(await text(page, '[data-test=award-total]'), `本次共 ${n} 分`)
  await page.fill('[data-test=award-memo]', '协助社区工作')
  await page.click('[data-test=award-submit]')
  const done = page.locator('[data-test=award-done]')
  await done.waitFor({ timeout: 15000 })
  st.entry = Number(await done.getAttribute('data-entry'))
  const entry = await apiInPage(page, `/api/v1/ledger/entries/${st.entry}`)
  assert.equal(entry.rule, st.rule.code)
  assert.equal(entry.memo, '协助社区工作')
  assert.equal(entry.place_code, st.community)
  assert.deepEqual(entry.movements.map((m) => m.amount).sort((a, b) => a - b), [-n, n])
  assert.match(await done.innerText(), new RegExp(`${st.resident.name}.*${n} 分`))

  // the accounts table shows the balance the API gives: what the resident held and the award
  await page.click('[data-test=tab-accounts]')
  const api = (await apiInPage(page, `/api/v1/ledger/accounts?holder=person&currency=points&person_id=${st.resident.person_id}`)).items.find((a) => a.person_id === st.resident.person_id)
  assert.equal(api.balance, start + n)
  const cell = await showAccount(page, st.resident.person_id, api.balance)
  assert.equal(await text(page, cell), `${api.balance} 分`)
  assert.equal(await text(page, `[data-test=account-person][data-person="${st.resident.person_id}"]`), api.person_name)
  await shot(page, 'points-accounts')

  // the statement (newest first: the award on top), then 冲正 with a reason: the balance goes back
  const rows = page.locator('[data-test=statement-table] tbody tr')
  await page.click(`[data-test=account-open-${st.resident.person_id}]`)
  await page.waitForSelector('[data-test=statement-table] [data-test=statement-amount]', { timeout: 15000 })
  await page.waitForSelector(`[data-test=statement-balance][data-value="${api.balance}"]`, { timeout: 15000 })
  assert.equal(await attr(page, '[data-test=statement-amount]', 'data-value'), String(n))
  assert.equal(await attr(page, '[data-test=statement-after]', 'data-value'), String(api.balance))
  const shown = await rows.count()
  await page.click(`[data-test=statement-reverse-${st.entry}]`)
  const box = page.locator('.el-message-box:visible')
  await box.waitFor()
  await box.locator('input').fill('记错了人')
  await box.locator('.el-message-box__btns .el-button--primary').click()
  await page.waitForSelector(`[data-test=statement-balance][data-value="${start}"]`, { timeout: 15000 })
  await rows.nth(1).locator('[data-test=statement-reversed]').waitFor({ timeout: 15000 })
  // the reversal on top, the award under it marked reversed and no longer offered for 冲正
  assert.equal(await rows.count(), Math.min(shown + 1, 50))
  assert.equal(await rows.nth(0).locator('[data-test=statement-amount]').getAttribute('data-value'), String(-n))
  assert.equal(await rows.nth(0).locator('[data-test=statement-after]').getAttribute('data-value'), String(start))
  assert.equal(await rows.nth(1).locator('[data-test=statement-amount]').getAttribute('data-value'), String(n))
  assert.equal(await page.locator(`[data-test=statement-reverse-${st.entry}]`).count(), 0)
  await shot(page, 'points-statement-reversed')
  const reversed = await apiInPage(page, `/api/v1/ledger/entries/${st.entry}`)
  assert.ok(reversed.reversed_by, 'the API marks the entry reversed')
  const reversal = await apiInPage(page, `/api/v1/ledger/entries/${reversed.reversed_by}`)
  assert.equal(reversal.kind, 'reversal')
  assert.equal(reversal.memo, '记错了人')
  await page.keyboard.press('Escape')
  await noOverlay(page)
  const back = (await apiInPage(page, `/api/v1/ledger/accounts?holder=person&currency=points&person_id=${st.resident.person_id}`)).items.find((a) => a.person_id === st.resident.person_id)
  assert.equal(back.balance, start)
  await showAccount(page, st.resident.person_id, start)
  assert.deepEqual(realErrors(page), [])
})

test('the secretary puts an item with stock 1 on the shelf of the 积分超市', async () => {
  const page = await open()
  await login(page, s, 'secretary')
  await page.locator('[data-test=nav-shop]').click()
  await page.waitForURL(/\/shop$/)
  await page.waitForSelector('[data-test=shop-page] [data-test=item-add]')
  const had = new Set((await apiInPage(page, '/api/v1/shop/items?all=true')).items.map((i) => i.id))
  await page.click('[data-test=item-add]')
  await page.locator('[data-test=item-save]:visible').waitFor()
  await page.fill('[data-test=item-name]', '洗衣液 2kg')
  await page.locator('[data-test=item-points] input').fill('6')
  await page.locator('[data-test=item-stock] input').fill('1')
  await page.locator('[data-test=item-stock] input').press('Tab')
  await page.fill('[data-test=item-note]', '每户限兑一桶')
  await page.click('[data-test=item-save]')
  await page.locator('[data-test=item-row-name]', { hasText: '洗衣液 2kg' }).waitFor({ timeout: 15000 })
  await noOverlay(page)
  const items = (await apiInPage(page, '/api/v1/shop/items?all=true')).items
  const item = items.find((i) => i.name === '洗衣液 2kg' && !had.has(i.id))
  assert.ok(item, 'the API lists the new item')
  assert.deepEqual([item.place_code, item.points, item.stock, item.active, item.note], [st.community, 6, 1, true, '每户限兑一桶'])
  assert.equal(await text(page, `[data-test=item-stock-${item.id}]`), '1')
  assert.equal(await text(page, `[data-test=item-active-${item.id}]`), '在售')
  st.item = item
  await shot(page, 'points-shop-item')
  assert.deepEqual(realErrors(page), [])
  // points for the redemption below (the first award was reversed): enough for two of the item whatever the
  // resident holds, by the rules with room this month
  const start = await balanceOf(st.resident.person_id, 'points')
  let gift = 0
  while (gift < 2 * item.points) {
    const [best] = await rulesWithRoom(st.resident.person_id, 1)
    assert.ok(best, 'a rule with room for an award to the resident this month')
    const count = Math.min(20, Math.floor(best.room / best.rule.points), Math.ceil((2 * item.points - gift) / best.rule.points))
    await apiAs(s, 'secretary', 'POST', '/api/v1/ledger/awards', { person_id: st.resident.person_id, rule: best.rule.code, count, memo: '兑换前奖励' })
    gift += best.rule.points * count
  }
  st.points = start + gift
  assert.equal(await balanceOf(st.resident.person_id, 'points'), st.points)
})

test('the resident redeems the item on a phone; a second redemption is refused for want of stock', async () => {
  const page = await open({ phone: true })
  const stale = await open({ phone: true })
  await login(page, s, 'resident')
  await login(stale, s, 'resident')
  // the phone menu lists 我的积分
  await page.locator('.burger').click()
  await page.locator('[data-test=nav-mpoints]:visible').click()
  await page.waitForURL(/\/m\/points$/)
  await stale.goto('/m/points')
  const mine = (await apiInPage(page, '/api/v1/ledger/me')).items.find((a) => a.currency === 'points')
  const before = mine.balance
  assert.equal(before, st.points)
  assert.ok(before >= 2 * st.item.points, 'enough points for two: the second is refused for the stock alone')
  for (const p of [page, stale]) {
    await p.waitForSelector(`[data-test=my-balance-points][data-value="${before}"]`, { timeout: 15000 })
    await p.waitForSelector(`[data-test=shop-item][data-id="${st.item.id}"][data-stock="1"]`, { timeout: 15000 })
  }
  assert.equal(await text(page, '[data-test=my-balance-value-points]'), String(before))
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 362), 'fits 360 px')
  await shot(page, 'points-phone-shop')

  await page.click(`[data-test=redeem-open-${st.item.id}]`)
  await page.locator('[data-test=redeem-submit]:visible').waitFor()
  await settled(page)
  assert.equal(await attr(page, '[data-test=redeem-cost]', 'data-value'), String(st.item.points))
  assert.equal(await attr(page, '[data-test=redeem-balance]', 'data-value'), String(before))
  assert.equal(await attr(page, '[data-test=redeem-after]', 'data-value'), String(before - st.item.points))
  assert.equal(await text(page, '[data-test=redeem-after]'), `${before - st.item.points} 分`)
  await shot(page, 'points-phone-redeem-dialog')
  await page.click('[data-test=redeem-submit]')
  await page.waitForSelector(`[data-test=my-balance-points][data-value="${before - st.item.points}"]`, { timeout: 15000 })
  await noOverlay(page)
  const after = (await apiInPage(page, '/api/v1/ledger/me')).items.find((a) => a.currency === 'points')
  assert.equal(after.balance, before - st.item.points)
  const listed = (await apiInPage(page, '/api/v1/shop/items')).items.find((i) => i.id === st.item.id)
  assert.equal(listed.stock, 0)
  await page.waitForSelector(`[data-test=shop-item][data-id="${st.item.id}"][data-stock="0"]`)
  assert.ok(await page.locator(`[data-test=redeem-open-${st.item.id}]`).isDisabled(), 'a sold-out item is not offered')
  // the resident's redemptions of this item (the demo left others waiting): the one just made
  const reds = (await apiInPage(page, `/api/v1/shop/redemptions?item_id=${st.item.id}`)).items.filter((r) => r.item_id === st.item.id)
  assert.equal(reds.length, 1)
  assert.deepEqual([reds[0].item_id, reds[0].qty, reds[0].points, reds[0].status], [st.item.id, 1, st.item.points, 'pending'])
  st.redemption = reds[0].id
  await page.click('[data-test=my-tab-redemptions]')
  await page.waitForSelector(`[data-test=my-redemption][data-id="${st.redemption}"][data-status=pending]`, { timeout: 15000 })
  assert.equal(await text(page, `[data-test=my-redemption-state-${st.redemption}]`), '待领取')
  await shot(page, 'points-phone-redeemed')

  // the page read before still offers the item: the server refuses it, the dialog and a message say why
  const problem = await problemOf('resident', 'POST', '/api/v1/shop/redemptions', { item_id: st.item.id, idempotency_key: 'probe-' + Date.now() })
  assert.equal(problem.status, 409)
  assert.equal(problem.field, 'stock')
  assert.match(problem.detail_zh, /库存不足/)
  await stale.click(`[data-test=redeem-open-${st.item.id}]`)
  await stale.locator('[data-test=redeem-submit]:visible').click()
  const err = stale.locator('[data-test=redeem-error]')
  await err.waitFor({ timeout: 15000 })
  assert.equal(await err.getAttribute('data-field'), 'stock')
  assert.equal((await err.innerText()).trim(), problem.detail_zh)
  await stale.locator('.el-message--error', { hasText: '库存不足' }).first().waitFor({ timeout: 5000 })
  // the page read the stock again: the dialog offers the item no more
  await stale.waitForSelector(`[data-test=shop-item][data-id="${st.item.id}"][data-stock="0"]`, { timeout: 15000 })
  assert.ok(await stale.locator('[data-test=redeem-submit]:visible').isDisabled())
  assert.equal(await stale.locator('[data-test=redeem-short]').count(), 0, 'the points would do: stock is the reason')
  await shot(stale, 'points-phone-out-of-stock')
  // nothing taken: the balance is the one after the first redemption, and the stale page now shows it
  assert.equal((await apiInPage(stale, '/api/v1/ledger/me')).items.find((a) => a.currency === 'points').balance, before - st.item.points)
  await stale.waitForSelector(`[data-test=my-balance-points][data-value="${before - st.item.points}"]`, { timeout: 15000 })
  assert.deepEqual(realErrors(page), [])
  assert.deepEqual(realErrors(stale), [])
})

test('the secretary finds the pending redemption and confirms the hand-over', async () => {
  const page = await open()
  await login(page, s, 'secretary')
  await page.goto('/shop')
  const row = `[data-test=redemption-state-${st.redemption}]`
  await page.waitForSelector(`${row}[data-status=pending]`, { timeout: 15000 })
  assert.equal(await text(page, row), '待领取')
  assert.equal(await text(page, `[data-test=redemption-item][data-id="${st.redemption}"]`), st.item.name)
  await page.click(`[data-test=redemption-hand-${st.redemption}]`)
  // 待领取 is the list shown: the row leaves it, and the API says 已领取
  await page.waitForSelector(row, { state: 'detached', timeout: 15000 })
  const r = await apiInPage(page, `/api/v1/shop/redemptions/${st.redemption}`)
  assert.equal(r.status, 'handed')
  assert.equal(r.status_zh, '已领取')
  assert.ok(r.done_at)
  await page.click('[data-test=redemption-status-handed]')
  await page.waitForSelector(`${row}[data-status=handed]`, { timeout: 15000 })
  assert.equal(await text(page, row), '已领取')
  await shot(page, 'points-shop-handed')
  assert.deepEqual(realErrors(page), [])
})

// Someone of the resident's community who holds too few hours to pay for service (one entry moves at most 24
// hours): the party member if they hold under 24, else a neighbour (most hold none); one the person picker finds by
// name. Returns them with their balance and a number of hours they cannot pay.
async function shortPayer() {
  const party = (await apiAs(s, 'partymember', 'GET', '/api/v1/ledger/me')).items.find((a) => a.currency === 'hours')
  const pickable = async (id, name) => (await apiAs(s, 'secretary', 'GET', `/api/v1/people?name=${encodeURIComponent(name)}&limit=20`)).items.some((x) => x.id === id)
  const short = async (id, name) => {
    if (id === st.resident.person_id) return null
    const balance = await balanceOf(id, 'hours')
    if (balance >= 24 || !(await pickable(id, name))) return null
    return { person_id: id, name, balance, hours: Math.max(1, Math.floor(balance * 2) / 2 + 0.5) }
  }
  const first = await short(party.person_id, party.person_name)
  if (first) return first
  for (let after = ''; ; ) {
    const r = await apiAs(s, 'secretary', 'GET', `/api/v1/people?scope=${st.community}&limit=100${after ? '&after=' + encodeURIComponent(after) : ''}`)
    for (const p of r.items) {
      if (!p.place_code?.startsWith(st.community)) continue
      const found = await short(p.id, p.name)
      if (found) return found
    }
    assert.ok(r.next, 'someone in the community holds under 24 hours')
    after = r.next
  }
}

test('记时长 through the form (half hours; the server refuses what the one served cannot pay)', async () => {
  const start = await balanceOf(st.resident.person_id, 'hours')
  const payer = await shortPayer()
  const page = await open()
  await login(page, s, 'secretary')
  await page.goto('/points?tab=hours')
  await page.waitForSelector('[data-test=hours-form]:visible')
  await pickRemote(page, '[data-test=hours-person]', st.resident.name, `person-option-${st.resident.person_id}`)
  // not a whole half hour: the form says so and sends nothing
  await page.locator('[data-test=hours-hours] input').fill('1.3')
  await page.locator('[data-test=hours-hours] input').press('Tab')
  await page.click('[data-test=hours-submit]')
  await page.locator('[data-test=hours-form] .el-form-item__error', { hasText: '时长须为 0.5 至 24 小时，按半小时计' }).waitFor({ timeout: 5000 })
  assert.equal(await page.locator('[data-test=hours-done]').count(), 0)
  // 1.5 hours of public service (the community pays)
  await page.locator('[data-test=hours-hours] input').fill('1.5')
  await page.locator('[data-test=hours-hours] input').press('Tab')
  await page.fill('[data-test=hours-memo]', '陪同就医')
  await page.click('[data-test=hours-submit]')
  await page.locator('[data-test=hours-done]').waitFor({ timeout: 15000 })
  assert.equal(await balanceOf(st.resident.person_id, 'hours'), start + 1.5)
  // served by someone who holds fewer hours than asked: the server's message, nothing moved
  await pickRemote(page, '[data-test=hours-from]', payer.name, `person-option-${payer.person_id}`)
  await page.locator('[data-test=hours-hours] input').fill(String(payer.hours))
  await page.locator('[data-test=hours-hours] input').press('Tab')
  await page.click('[data-test=hours-submit]')
  const err = page.locator('[data-test=hours-error]')
  await err.waitFor({ timeout: 15000 })
  const problem = await problemOf('secretary', 'POST', '/api/v1/ledger/hours', { person_id: st.resident.person_id, from_person_id: payer.person_id, hours: payer.hours })
  assert.equal(problem.status, 409)
  assert.equal(problem.field, 'from_person_id')
  assert.equal(await err.getAttribute('data-status'), '409')
  assert.equal((await err.innerText()).trim(), problem.detail_zh)
  assert.equal(await balanceOf(payer.person_id, 'hours'), payer.balance)
  assert.equal(await balanceOf(st.resident.person_id, 'hours'), start + 1.5)
  await shot(page, 'points-hours')

  // the accounts in hours: the resident's, 1.5 more than before, as the API says
  await page.click('[data-test=tab-accounts]')
  await page.click('[data-test=accounts-currency-hours]')
  const api = (await apiInPage(page, `/api/v1/ledger/accounts?holder=person&currency=hours&person_id=${st.resident.person_id}`)).items.find((a) => a.person_id === st.resident.person_id)
  assert.equal(api.balance, start + 1.5)
  await page.waitForSelector('[data-test=accounts-panel][data-currency=hours]')
  const cell = await showAccount(page, st.resident.person_id, api.balance)
  assert.equal(await text(page, cell), `${api.balance} 小时`)
  assert.deepEqual(realErrors(page), [])
})

test('月结: a closed month offers no 结账 and is not closed twice; an old month closes through the button', async () => {
  const page = await open()
  const stale = await open()
  await login(page, s, 'secretary')
  await login(stale, s, 'secretary')
  const figures = (p) => apiInPage(page, `/api/v1/ledger/periods?place=${st.community}&currency=points&period=${p}`)
  const closedIs = (p, month, closed) => p.waitForSelector(`[data-test=period-figures][data-period="${month}"][data-closed=${closed}]`, { timeout: 15000 })
  await page.goto('/points')
  await page.click('[data-test=tab-period]')

  // last month of the secretary's community, the panel's first: the demo closed it (closed here first if not)
  const last = monthOf(1)
  if (!(await figures(last)).closed) {
    await closedIs(page, last, false)
    await clickClose(page)
  }
  await closedIs(page, last, true)
  const fig = await figures(last)
  assert.equal(fig.closed, true)
  assert.equal(await text(page, '[data-test=period-entries]'), String(fig.entries))
  assert.equal(await attr(page, '[data-test=period-place]', 'data-code'), st.community)
  assert.equal(await page.locator('[data-test=period-close]').count(), 0, 'a closed month offers no 结账')
  const twice = await problemOf('secretary', 'POST', '/api/v1/ledger/periods/close', { place: st.community, currency: 'points', period: last })
  assert.equal(twice.status, 409)
  // the closed months as the API lists them
  const listed = async () => (await apiInPage(page, '/api/v1/ledger/periods/closed?currency=points')).items.filter((c) => c.place_code === st.community).map((c) => c.period)
  assert.ok((await listed()).includes(last))
  await tableShows(page, `[data-test=closed-period][data-place="${st.community}"]`, await listed())

  // an old month still open: the same month two years ago (before the demo's year), or the first one before it
  // that no history closed; the stale page shows it too
  const closedBefore = await listed()
  let back = 24
  while (closedBefore.includes(monthOf(back))) back++
  const old = monthOf(back)
  await stale.goto('/points?tab=period')
  for (const p of [page, stale]) {
    await p.waitForSelector('[data-test=period-figures]', { timeout: 15000 })
    await typeMonth(p, old)
    await closedIs(p, old, false)
  }
  const open0 = await figures(old)
  assert.equal(open0.closed, false)
  assert.equal(await text(page, '[data-test=period-entries]'), String(open0.entries))
  await clickClose(page)
  await closedIs(page, old, true)
  const closed = await figures(old)
  assert.equal(closed.closed, true)
  assert.equal(await page.locator('[data-test=period-close]').count(), 0, 'a closed month offers no 结账')
  assert.ok((await listed()).includes(old))
  await tableShows(page, `[data-test=closed-period][data-place="${st.community}"]`, await listed())
  await noOverlay(page)
  await shot(page, 'points-period-closed')

  // the page read before still offers 结账 for it: the server refuses, the page says why and shows it closed
  const problem = await problemOf('secretary', 'POST', '/api/v1/ledger/periods/close', { place: st.community, currency: 'points', period: old })
  assert.equal(problem.status, 409)
  await clickClose(stale)
  await stale.locator('.el-message--error', { hasText: problem.detail_zh }).first().waitFor({ timeout: 15000 })
  await closedIs(stale, old, true)
  assert.equal(await stale.locator('[data-test=period-close]').count(), 0)
  await shot(stale, 'points-period-refused')
  assert.deepEqual(realErrors(page), [])
  assert.deepEqual(realErrors(stale), [])
})

test('the points screen speaks English after the language switch', async () => {
  const page = await open()
  await login(page, s, 'secretary')
  await page.goto('/points')
  await showAccount(page, st.resident.person_id, await balanceOf(st.resident.person_id, 'points'))
  assert.equal(await text(page, '.page-title'), '积分与时间银行')
  await page.click('[data-test=who]')
  await page.locator('.el-dropdown-menu__item:visible', { hasText: 'English' }).click()
  await page.waitForFunction(() => document.querySelector('.page-title')?.innerText.trim() === 'Points and time bank', null, { timeout: 10000 })
  assert.equal(await text(page, '[data-test=tab-accounts]'), 'Accounts')
  assert.equal(await text(page, '[data-test=tab-award]'), 'Award points')
  assert.equal(await text(page, '[data-test=tab-hours]'), 'Record hours')
  assert.equal(await text(page, '[data-test=tab-period]'), 'Month-end')
  assert.match(await text(page, '[data-test=accounts-table] thead'), /Name[\s\S]*Balance/)
  assert.match(await text(page, `[data-test=account-balance][data-person="${st.resident.person_id}"]`), /^\d+ pts$/)
  assert.equal(await text(page, '[data-test=nav-points]'), 'Points')
  assert.equal(await text(page, '[data-test=nav-shop]'), 'Points shop')
  await shot(page, 'points-en')
  await page.click('[data-test=tab-award]')
  await page.waitForSelector('[data-test=award-form]:visible')
  assert.match(await text(page, '[data-test=award-form]'), /Resident[\s\S]*Rule[\s\S]*Count/)
  // back to Chinese for whoever uses this browser profile next
  await page.click('[data-test=who]')
  await page.locator('.el-dropdown-menu__item:visible', { hasText: '中文' }).click()
  await page.waitForFunction(() => document.querySelector('.page-title')?.innerText.trim() === '积分与时间银行', null, { timeout: 10000 })
  assert.deepEqual(realErrors(page), [])
})
