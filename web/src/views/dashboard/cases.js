// The case sections of the dashboard (矛盾纠纷, 信访), each shown by CaseSection.vue: the indicators' kind, the
// list page, the messages (i18n prefix: <messages>.title, .list, .<card key>, .hint.<card key>), the cards and
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
