// The case sections of the dashboard (矛盾纠纷, 信访, 服务工单, 微心愿, 红色代办), each shown by CaseSection.vue: the indicators'
// kind, the list page, the messages (i18n prefix: <messages>.title, .list, .<card key>, .hint.<card key>), the cards and
// the columns of the table of the places below.
//   card:   { key, value(counts, rates), pct (a rate in percent), query (the list filter of the cases the card
//             counts — of a rate, the cases the list can pick out: its numerator where the list filters it,
//             else its denominator), cls(counts, rates) }
//   column: { key, label (i18n key), value(counts, rates), pct, warn (red when above 0) }
// CaseSection adds scope, from and to (the dashboard's place and period) to every card's query.

const always = (cls) => () => cls
const redWhen = (key) => (c) => (c[key] > 0 ? 'c-red' : '')

export const DISPUTE_SECTION = {
  kind: 'dispute',
  listPath: '/disputes',
  messages: 'dashboard.disputes',
  cards: [
    { key: 'received', value: (c) => c.received },
    // 化解率 = (调解成功 + 部分达成) / 有效受理: the card opens the cases settled wholly or in part
    { key: 'settle', value: (c, r) => r.settle, pct: true, query: { outcome: 'settled,partly' }, cls: always('c-rate') },
    { key: 'mediation_success', value: (c, r) => r.mediation_success, pct: true, query: { outcome: 'settled' }, cls: always('c-rate') },
    // 按期办结率 = 按期 / 案结事了: the ended cases (已办结)
    { key: 'on_time', value: (c, r) => r.on_time, pct: true, query: { state: 'closed' }, cls: always('c-rate') },
    // 回访率 = 已回访 / 达成协议: the agreements being performed, which the 回访 is for
    { key: 'followup', value: (c, r) => r.followup, pct: true, query: { state: 'finished' }, cls: always('c-rate') },
    { key: 'highRisk', value: (c) => c.high_risk, query: { risk: '3' }, cls: redWhen('high_risk') },
    // 分流: the cases handed to 诉讼, 仲裁 or 行政处理 (route=transfer), whatever their state now
    { key: 'transferred', value: (c) => c.transferred, query: { route: 'transfer' }, cls: always('c-open') },
  ],
  columns: [
    { key: 'received', label: 'dashboard.disputes.received', value: (c) => c.received },
    { key: 'open', label: 'dashboard.col.open', value: (c) => c.open },
    { key: 'settle', label: 'dashboard.disputes.settle', value: (c, r) => r.settle, pct: true },
    { key: 'mediation_success', label: 'dashboard.disputes.mediation_success', value: (c, r) => r.mediation_success, pct: true },
    { key: 'on_time', label: 'dashboard.disputes.on_time', value: (c, r) => r.on_time, pct: true },
    { key: 'followup', label: 'dashboard.disputes.followup', value: (c, r) => r.followup, pct: true },
    { key: 'high_risk', label: 'dashboard.disputes.highRisk', value: (c) => c.high_risk, warn: true },
    { key: 'transferred', label: 'dashboard.disputes.transferred', value: (c) => c.transferred },
  ],
}

export const PETITION_SECTION = {
  kind: 'petition',
  listPath: '/petitions',
  messages: 'dashboard.petitions',
  cards: [
    { key: 'received', value: (c) => c.received },
    // 在办: every open state, newest first (sorting by deadline would leave out those without one: 待核查)
    { key: 'open', value: (c) => c.open, query: { open: 'true', sort: 'newest' }, cls: always('c-open') },
    { key: 'overdue', value: (c) => c.overdue_open, query: { overdue: 'true' }, cls: redWhen('overdue_open') },
    // 按期办结率 = 按期答复 / 已销案: the closed petitions
    { key: 'on_time', value: (c, r) => r.on_time, pct: true, query: { state: 'closed' }, cls: always('c-rate') },
    { key: 'repeat', value: (c, r) => r.repeat, pct: true, query: { repeat: 'true' }, cls: (c) => (c.repeated > 0 ? 'c-open' : 'c-rate') },
    { key: 'skip_level', value: (c, r) => r.skip_level, pct: true, query: { skip_level: 'true' }, cls: (c) => (c.skip_level > 0 ? 'c-open' : 'c-rate') },
    { key: 'lead', value: (c, r) => r.lead, pct: true, query: { led: 'true' }, cls: always('c-rate') },
  ],
  columns: [
    { key: 'received', label: 'dashboard.petitions.received', value: (c) => c.received },
    { key: 'open', label: 'dashboard.col.open', value: (c) => c.open },
    { key: 'overdue', label: 'dashboard.col.overdue', value: (c) => c.overdue_open, warn: true },
    { key: 'on_time', label: 'dashboard.petitions.on_time', value: (c, r) => r.on_time, pct: true },
    { key: 'repeat', label: 'dashboard.petitions.repeat', value: (c, r) => r.repeat, pct: true },
    { key: 'skip_level', label: 'dashboard.petitions.skip_level', value: (c, r) => r.skip_level, pct: true },
    { key: 'lead', label: 'dashboard.petitions.lead', value: (c, r) => r.lead, pct: true },
  ],
}

// 服务工单 and 微心愿 (kinds service and wish of the order engine, docs/services.md): the same counts and rates as
// every kind (docs/indicators.md). 已服务 / 已实现 = finished at least once (finished_ever: the provider recorded
// 完成服务, whether rated yet or not); 按期办结率 = on_time / resolved, where resolved is an order closed (rated, or
// archived unrated after 7 days); 满意率 = (满意 + 基本满意) / rated. Hours served are not here: no indicator
// gives them yet. No list page of these kinds is linked yet (listPath empty): the cards are plain.
function serviceSection(kind, plural, messages) {
  return {
    kind,
    plural,
    listPath: '',
    messages,
    cards: [
      { key: 'received', value: (c) => c.received },
      { key: 'served', value: (c) => c.finished_ever, cls: always('c-rate') },
      { key: 'open', value: (c) => c.open, cls: always('c-open') },
      { key: 'overdue', value: (c) => c.overdue_open, cls: redWhen('overdue_open') },
      { key: 'on_time', value: (c, r) => r.on_time, pct: true, cls: always('c-rate') },
      { key: 'satisfaction', value: (c, r) => r.satisfaction, pct: true, cls: always('c-rate') },
    ],
    columns: [
      { key: 'received', label: messages + '.received', value: (c) => c.received },
      { key: 'served', label: messages + '.served', value: (c) => c.finished_ever },
      { key: 'open', label: 'dashboard.col.open', value: (c) => c.open },
      { key: 'overdue', label: 'dashboard.col.overdue', value: (c) => c.overdue_open, warn: true },
      { key: 'on_time', label: messages + '.on_time', value: (c, r) => r.on_time, pct: true },
      { key: 'satisfaction', label: messages + '.satisfaction', value: (c, r) => r.satisfaction, pct: true },
    ],
  }
}
export const SERVICE_SECTION = serviceSection('service', 'services', 'dashboard.services')
export const WISH_SECTION = serviceSection('wish', 'wishes', 'dashboard.wishes')
// 红色代办 (kind errand, docs/errands.md): the same figures; 已代办 = finished at least once.
export const ERRAND_SECTION = serviceSection('errand', 'errands', 'dashboard.errands')
