// Messages of the 红色代办 (errand) screens, under the key "errands" (t('errands.…')). The action names
// (actions.*) are also what the orders' action dialog and the shared order buttons call an errand's actions
// (orders/util.js actionLabel). Ratings follow the engine: 1 满意, 2 基本满意, 3 不满意.
export default {
  zh: {
    nav: { mine: '红色代办', runner: '代办员', admin: '红色代办', runners: '代办员包联', print: '红色代办登记单' },
    actions: {
      report: '委托代办', accept: '受理', dispatch: '派代办员', claim: '接办', grab: '接办', finish: '办结', supervise: '督办', rate: '评价',
      return: '退回', refuse: '取消', cancel: '取消', progress: '代办进展', auto_close: '到期归档', alarm: '时限预警',
    },
    states: {
      reported: '待受理', accepted: '待接办', dispatched: '待接办', handling: '代办中', returned: '已退回', finished: '待评价', verified: '待评价',
      closed: '已办结', refused: '已取消', merged: '已合并',
    },
    done: {
      any: '「{a}」已完成', grab: '已接办，请尽快联系委托人', claim: '已接办，请尽快联系委托人', finish: '已办结，待群众评价', rate: '感谢评价',
      dispatch: '已派代办员', return: '已退回', refuse: '已取消',
    },
    authorisation: { in_person: '当面委托', phone: '电话委托', written: '书面委托' },
    limit: { wd: '{n} 个工作日', d: '{n} 天', wh: '{n} 个工作小时', h: '{n} 小时' },
    free: '无偿代办',
    card: { household: '委托户', authoriser: '委托人', runner: '代办员', due: '办理时限', hours: '代办时长', held: '持有材料 {n} 份' },
    mine: {
      title: '红色代办', sub: '党员、志愿者为您家无偿代办', runner: '我家的代办员', runnerNone: '暂未安排，委托后由村（社区）派人代办',
      household: '户号 {no}', noHousehold: '您的账号还没有关联户籍，暂不能委托代办，请联系村（社区）', tabNew: '委托代办', tabMine: '我家的代办',
      mineEmpty: '您家还没有委托过代办', submitted: '已委托代办，查询编号 {no}',
    },
    form: {
      category: '代办事项', categoryPh: '选择要代办的事项', categoryEmpty: '暂无可代办的事项', limit: '办理时限：{l}', title: '标题（选填）',
      titlePh: '如：办理医保报销', description: '委托内容', descriptionPh: '要办什么事、已备好哪些材料、什么时间方便',
      authorisation: '委托方式', household: '委托户', householdPh: '选择包联的户', authoriser: '委托人（户内成员）', authoriserPh: '选择委托的家庭成员',
      needCategory: '请选择代办事项', needDescription: '请填写委托内容', needHousehold: '请选择委托户', needAuthoriser: '请选择委托人',
      submit: '提交委托', free: '本次代办无偿，不收取任何费用',
    },
    runner: {
      title: '红色代办', sub: '我包联的 {n} 户', tabHouseholds: '我包联的户', tabHall: '待接办', tabHandling: '代办中',
      householdsEmpty: '您还没有包联的户，请联系村（社区）安排', hallEmpty: '暂时没有待接办的代办', handlingEmpty: '您还没有接办的代办',
      members: '家庭成员', register: '代为委托', registerFor: '代为委托：{no}', registered: '已代为委托，查询编号 {no}', timebank: '我的时间银行',
    },
    drawer: {
      title: '代办详情', matter: '代办事项', description: '委托内容', household: '委托户', authoriser: '委托人', authorisation: '委托方式',
      fee: '费用', received: '委托时间', closed: '办结时间', timeline: '办理过程', sentTo: '派给', print: '打印登记单',
      heldWarn: '代办员仍持有 {n} 份材料，全部归还后才能办结、退回或取消', result: '办理结果',
    },
    docs: {
      title: '代办材料', name: '材料名称', namePh: '如：身份证', copies: '份数', receivedAt: '收取', returnedAt: '归还', held: '代办员持有',
      returned: '已归还', add: '登记收取', giveBack: '归还', returnConfirm: '确认已将「{name}」归还委托户？', added: '已登记收取「{name}」',
      gaveBack: '已归还「{name}」', empty: '未收取材料', needName: '请填写材料名称',
    },
    admin: {
      title: '红色代办', subtitle: '群众委托、代办员接办、材料收取与归还、办结评价，全程无偿', allStates: '全部状态', empty: '没有符合条件的代办',
      no: '查询编号', matter: '代办事项', household: '委托户', authoriser: '委托人', runner: '代办员', state: '状态', runnersLink: '代办员包联',
    },
    roster: {
      title: '代办员包联', subtitle: '每名代办员包联 {min}-{max} 户', back: '红色代办', runners: '代办员', households: '户', householdNo: '户号',
      address: '地址', runner: '代办员', since: '包联时间', none: '未安排', covers: '包联 {n} 户', under: '不足 {min} 户', full: '已满 {max} 户',
      pick: '选择代办员', assign: '安排', change: '更换', remove: '解除', removeConfirm: '解除 {name} 对 {no} 的包联？',
      saved: '已安排 {name} 包联 {no}', removed: '已解除 {no} 的代办员', refuseFull: '{name} 已包联 {max} 户，不能再增加',
      filterAll: '全部户', filterNone: '未安排代办员的户', emptyRunners: '本村（社区）还没有代办员（党员、志愿者）', emptyHouseholds: '没有户',
      community: '村（社区）', communityPh: '选择村（社区）', searchPh: '户号、地址或代办员',
    },
    print: {
      title: '红色代办登记单', back: '返回', print: '打印', tip: '用 A4 纸打印；在打印对话框中选择“另存为 PDF”即可保存',
      no: '编号', household: '委托户', address: '地址', authoriser: '委托人', authorisation: '委托方式', matter: '代办事项', description: '委托内容',
      runner: '代办员', received: '委托时间', due: '办理时限', documents: '代办材料', col: { no: '序号', name: '材料名称', copies: '份数', received: '收取时间', returned: '归还时间', signReceive: '收取签字', signReturn: '归还签字' },
      none: '未收取材料', free: '本次代办无偿，代办员不收取任何费用。', result: '办理结果', finished: '办结时间', hours: '代办时长', rating: '群众评价',
      notYet: '尚未办结', signAuthoriser: '委托人签字：', signRunner: '代办员签字：', date: '日期：',
    },
  },
  en: {
    nav: { mine: 'Errands', runner: 'Errand runner', admin: 'Errands', runners: 'Errand runners', print: 'Errand record' },
    actions: {
      report: 'Ask for an errand', accept: 'Accept', dispatch: 'Send a runner', claim: 'Take on', grab: 'Take on', finish: 'Done', supervise: 'Supervise', rate: 'Rate',
      return: 'Hand back', refuse: 'Cancel', cancel: 'Cancel', progress: 'Progress', auto_close: 'Auto-closed', alarm: 'Time-limit alarm',
    },
    states: {
      reported: 'New', accepted: 'To take on', dispatched: 'To take on', handling: 'Running', returned: 'Handed back', finished: 'To rate', verified: 'To rate',
      closed: 'Done', refused: 'Cancelled', merged: 'Merged',
    },
    done: {
      any: '"{a}" done', grab: 'Taken on: get in touch with the household soon', claim: 'Taken on: get in touch with the household soon',
      finish: 'Done; waiting for the rating', rate: 'Thank you for rating', dispatch: 'Runner sent', return: 'Handed back', refuse: 'Cancelled',
    },
    authorisation: { in_person: 'In person', phone: 'By phone', written: 'In writing' },
    limit: { wd: '{n} working days', d: '{n} days', wh: '{n} working hours', h: '{n} hours' },
    free: 'Free of charge',
    card: { household: 'Household', authoriser: 'Authorised by', runner: 'Runner', due: 'Due', hours: 'Hours', held: '{n} document(s) held' },
    mine: {
      title: 'Errands', sub: 'Party members and volunteers run errands for your household, free of charge', runner: 'Our runner',
      runnerNone: 'None yet: the community sends someone once you ask', household: 'Household {no}',
      noHousehold: 'Your account is not linked to a household yet: ask your community', tabNew: 'Ask for an errand', tabMine: 'Our errands',
      mineEmpty: 'Your household has not asked for an errand yet', submitted: 'Errand asked for, no. {no}',
    },
    form: {
      category: 'Matter', categoryPh: 'Choose the matter', categoryEmpty: 'No matters to choose', limit: 'Time limit: {l}', title: 'Title (optional)',
      titlePh: 'e.g. medical insurance claim', description: 'What to do', descriptionPh: 'What to do, the documents you have ready, when it suits you',
      authorisation: 'Authorised', household: 'Household', householdPh: 'Choose a household you cover', authoriser: 'Authorised by (a member)',
      authoriserPh: 'Choose the member who asks', needCategory: 'Choose the matter', needDescription: 'Say what to do', needHousehold: 'Choose the household',
      needAuthoriser: 'Choose who asks', submit: 'Submit', free: 'This errand is free of charge',
    },
    runner: {
      title: 'Errands', sub: 'The {n} households I cover', tabHouseholds: 'My households', tabHall: 'To take on', tabHandling: 'Running',
      householdsEmpty: 'You do not cover any household yet: ask your community', hallEmpty: 'No errand waiting', handlingEmpty: 'You are not running an errand',
      members: 'Members', register: 'Register an errand', registerFor: 'Register an errand: {no}', registered: 'Registered, no. {no}', timebank: 'My time bank',
    },
    drawer: {
      title: 'Errand', matter: 'Matter', description: 'What to do', household: 'Household', authoriser: 'Authorised by', authorisation: 'Authorisation',
      fee: 'Fee', received: 'Asked at', closed: 'Closed at', timeline: 'Steps', sentTo: 'Sent to', print: 'Print the record',
      heldWarn: 'The runner still holds {n} document(s): return them all before finishing, handing back or cancelling', result: 'Result',
    },
    docs: {
      title: 'Documents', name: 'Document', namePh: 'e.g. ID card', copies: 'Copies', receivedAt: 'Received', returnedAt: 'Returned', held: 'Held',
      returned: 'Returned', add: 'Record received', giveBack: 'Return', returnConfirm: 'Has "{name}" been given back to the household?', added: '"{name}" recorded',
      gaveBack: '"{name}" returned', empty: 'No documents', needName: 'Name the document',
    },
    admin: {
      title: 'Errands', subtitle: 'Asked by households, run by party members and volunteers, documents held and returned, rated; free of charge',
      allStates: 'All states', empty: 'No errands', no: 'No.', matter: 'Matter', household: 'Household', authoriser: 'Authorised by', runner: 'Runner',
      state: 'State', runnersLink: 'Errand runners',
    },
    roster: {
      title: 'Errand runners', subtitle: 'Each runner covers {min}-{max} households', back: 'Errands', runners: 'Runners', households: 'Households',
      householdNo: 'Household', address: 'Address', runner: 'Runner', since: 'Since', none: 'None', covers: '{n} households', under: 'under {min}', full: '{max}: full',
      pick: 'Choose a runner', assign: 'Assign', change: 'Change', remove: 'Remove', removeConfirm: 'Remove {name} from {no}?',
      saved: '{name} now covers {no}', removed: 'Runner removed from {no}', refuseFull: '{name} covers {max} households already',
      filterAll: 'All households', filterNone: 'Without a runner', emptyRunners: 'No runners (party members, volunteers) in the community', emptyHouseholds: 'No households',
      community: 'Community', communityPh: 'Choose a community', searchPh: 'Household no., address or runner',
    },
    print: {
      title: 'Errand record', back: 'Back', print: 'Print', tip: 'Print on A4; choose "Save as PDF" in the print dialog to keep a file',
      no: 'No.', household: 'Household', address: 'Address', authoriser: 'Authorised by', authorisation: 'Authorisation', matter: 'Matter', description: 'What to do',
      runner: 'Runner', received: 'Asked at', due: 'Due', documents: 'Documents', col: { no: 'No.', name: 'Document', copies: 'Copies', received: 'Received', returned: 'Returned', signReceive: 'Signed (received)', signReturn: 'Signed (returned)' },
      none: 'No documents', free: 'This errand is free of charge: the runner takes no fee.', result: 'Result', finished: 'Finished at', hours: 'Hours', rating: 'Rating',
      notYet: 'Not finished yet', signAuthoriser: 'Authoriser: ', signRunner: 'Runner: ', date: 'Date: ',
    },
  },
}
