// Messages of the screening screens (矛盾纠纷排查), under the key "screenings" (t('screenings.…')).
export default {
  zh: {
    form: {
      title: '矛盾纠纷排查', current: '本期', previous: '补登上期', period: '{first} 至 {last}', cycle: '排查周期：{c}',
      recorded: '已登记', notRecorded: '待登记', missed: '未报', late: '迟报', onTime: '按时',
      none: '本期未发现矛盾纠纷', nonePrev: '上期未发现矛盾纠纷', noneHint: '一键登记：本期排查未发现矛盾纠纷',
      orFound: '发现了矛盾纠纷？', found: '发现矛盾纠纷（起）', resolved: '其中就地化解（起）', note: '情况说明',
      notePh: '发现的矛盾纠纷及处理情况：当事人、起因、已采取的措施、需上级协调的事项', submit: '登记排查结果',
      saved: '已登记{p}排查', prevHint: '上期已结束，补登的记录将标记为迟报', recordedBy: '登记人', recordedAt: '登记时间',
      noPlace: '您的账号没有可登记排查的网格或乡镇（街道）', board: '排查看板',
    },
    board: {
      title: '矛盾纠纷排查看板', prev: '上一期', next: '下一期', today: '本期', schedule: '排查周期',
      ended: '已结束', running: '进行中', period: '{first} 至 {last}', grids: '网格排查（{c}）', townships: '乡镇（街道）排查（{c}）',
      required: '应排查', onTime: '按时', late: '迟报', missing: '未报', pending: '待报', rate: '排查按时率',
      found: '发现', resolved: '就地化解', place: '区域', recorder: '登记人', recordedAt: '登记时间', note: '情况说明',
      drillHint: '点击一行进入下一级', noRows: '没有下级区域', none: '未发现', lateTag: '迟报',
    },
    schedule: {
      title: '排查周期设置', grid: '网格排查', township: '乡镇（街道）排查', saved: '排查周期已保存',
      hint: '网格员每期登记一次本网格排查，乡镇（街道）综治中心每期登记一次本乡镇排查。',
      cycle: { week: '每周', half_month: '每半月', month: '每月' },
    },
  },
  en: {
    form: {
      title: 'Dispute screening', current: 'This period', previous: 'Record last period', period: '{first} to {last}', cycle: 'Cycle: {c}',
      recorded: 'Recorded', notRecorded: 'Not recorded', missed: 'Missing', late: 'Late', onTime: 'On time',
      none: 'No disputes found this period', nonePrev: 'No disputes found last period', noneHint: 'One tap: nothing found in this round',
      orFound: 'Found disputes?', found: 'Disputes found', resolved: 'Of them settled on the spot', note: 'What was found',
      notePh: 'The disputes found and what was done: parties, cause, steps taken, what needs help from above', submit: 'Record the round',
      saved: 'Recorded the round of {p}', prevHint: 'That period is over: the record counts as late', recordedBy: 'Recorded by', recordedAt: 'Recorded at',
      noPlace: 'Your account has no grid or township to record a round for', board: 'Screening board',
    },
    board: {
      title: 'Dispute screening board', prev: 'Previous', next: 'Next', today: 'This period', schedule: 'Cycles',
      ended: 'Ended', running: 'Running', period: '{first} to {last}', grids: 'Grid rounds ({c})', townships: 'Township rounds ({c})',
      required: 'Required', onTime: 'On time', late: 'Late', missing: 'Missing', pending: 'Pending', rate: 'On-time rate',
      found: 'Found', resolved: 'Settled', place: 'Place', recorder: 'Recorded by', recordedAt: 'Recorded at', note: 'Note',
      drillHint: 'Click a row to drill down', noRows: 'No places below', none: 'None found', lateTag: 'Late',
    },
    schedule: {
      title: 'Screening cycles', grid: 'Grid rounds', township: 'Township rounds', saved: 'Cycles saved',
      hint: 'Each grid worker records their grid once per period; each township centre its township once per period.',
      cycle: { week: 'Weekly', half_month: 'Half-monthly', month: 'Monthly' },
    },
  },
}
