// Messages of the 服务工单 (六单一体) and 微心愿 / 微事务 screens, under the key "services" (t('services.…')). The
// action names per kind (actions.service.*, actions.wish.*) are also what the orders' action dialog and order page
// call the actions of these kinds (orders/util.js actionLabel). Ratings follow the engine: 1 满意, 2 基本满意,
// 3 不满意.
export default {
  zh: {
    nav: { order: '服务点单', wishes: '微心愿', hall: '抢单大厅', admin: '服务工单', menu: '服务清单', wishAdmin: '微心愿审核', board: '服务晒单' },
    actions: {
      service: {
        report: '点单', dispatch: '派单', claim: '接单', grab: '抢单', finish: '完成服务', supervise: '督单', rate: '评单',
        return: '退单', refuse: '取消', cancel: '取消', accept: '受理', progress: '服务进展', auto_close: '到期归档', alarm: '时限预警',
      },
      wish: {
        report: '提交心愿', accept: '审核发布', refuse: '不予发布', claim: '认领', grab: '认领', return: '放弃认领', finish: '实现心愿',
        rate: '致谢评价', dispatch: '指派', supervise: '督办', progress: '进展', cancel: '撤回', auto_close: '到期归档', alarm: '时限预警',
      },
    },
    states: {
      service: {
        reported: '待受理', accepted: '待派单', dispatched: '待接单', handling: '服务中', returned: '已退单', finished: '待评单',
        verified: '待评单', closed: '已完成', refused: '已取消', merged: '已并单',
      },
      wish: {
        reported: '待审核', accepted: '待认领', dispatched: '待认领', handling: '实现中', returned: '已放弃', finished: '待致谢',
        verified: '待致谢', closed: '已实现', refused: '不予发布', merged: '已并单',
      },
    },
    done: {
      any: '「{a}」已完成',
      service: { grab: '抢单成功，请尽快联系服务对象', claim: '已接单，请尽快联系服务对象', finish: '已完成服务，待群众评单', rate: '感谢评单', dispatch: '已派单' },
      wish: { grab: '认领成功，请尽快帮助实现心愿', claim: '认领成功，请尽快帮助实现心愿', finish: '心愿已实现，待致谢', rate: '已致谢', accept: '已审核发布' },
    },
    category: { 1501: '生活微心愿', 1502: '微事务', 1503: '助学微心愿' },
    provider: { any: '党员、志愿者均可', party: '限党员' },
    rating: { 1: '满意', 2: '基本满意', 3: '不满意' },
    hoursValue: '{n} 小时', moved: '该单状态已变化，已刷新',
    menu: { promise: '{n} 小时内服务' },
    card: { address: '地址', due: '承诺时限', handler: '服务人员', hours: '服务时长', rating: '评价' },
    mine: {
      title: '服务点单', sub: '{place}的服务清单', tabMenu: '服务清单', tabMine: '我的服务单', order: '点单',
      menuEmpty: '本村（社区）暂未公布服务清单', mineEmpty: '您还没有点过服务', ordered: '已点单，查询编号 {no}',
      hallLink: '抢单大厅', wishesLink: '微心愿',
    },
    form: {
      title: '点单：{name}', titleAny: '点单', item: '服务项目', itemPh: '选择服务清单中的项目', description: '需求描述',
      descriptionPh: '需要什么服务、什么时间方便、有什么需要注意的', address: '服务地址（选填）', addressPh: '如：3 栋 2 单元 501',
      forWhom: '代群众点单：请填写服务对象的姓名和手机号', reporterName: '服务对象姓名', reporterPhone: '手机号',
      needItem: '请选择服务项目', needDescription: '请填写需求描述', needName: '请填写服务对象姓名', badPhone: '请填写 11 位手机号',
      submit: '提交点单',
    },
    wishForm: {
      kind: '心愿类别', title: '标题（选填）', titlePh: '如：想学用智能手机', errandTitlePh: '如：帮独居老人代购生活用品',
      description: '心愿内容', descriptionPh: '说说您的小心愿，以及什么时间方便', errandPh: '要做什么、什么时间、在哪里',
      forWhom: '代群众许愿：请填写许愿人的姓名，手机号可不填', errandFor: '微事务为谁办：请填写服务对象的姓名，手机号可不填', needDescription: '请填写心愿内容', submit: '提交心愿', publishErrand: '发布微事务',
    },
    wishes: {
      title: '微心愿', sub: '说出您的小心愿，党员、志愿者帮您实现', new: '许个心愿', mine: '我的心愿', empty: '您还没有提交过心愿',
      submitted: '心愿已提交（{no}），村（社区）审核后发布', servicesLink: '服务点单',
    },
    hall: {
      title: '抢单大厅', sub: '{place}待承接的服务和心愿', tabHall: '待承接', tabMine: '我承接的',
      empty: '暂时没有待承接的服务单和心愿', mineEmpty: '您还没有承接的服务和心愿', timebank: '我的时间银行',
    },
    drawer: {
      title: '服务单详情', kind: '服务项目', description: '需求', place: '所在地', reporter: '服务对象', received: '提交时间',
      closed: '完成时间', timeline: '办理过程', sentTo: '派给',
    },
    admin: {
      title: '服务工单', subtitle: '六单一体：群众点单、支部派单、党员接单（抢单）、完成服务、群众评单、多方督单',
      allStates: '全部状态', newOrder: '代群众点单', menuLink: '编辑服务清单', empty: '没有符合条件的服务单',
      no: '查询编号', item: '服务项目', description: '需求', reporter: '服务对象', state: '状态',
      community: '村（社区）', communityPh: '选择村（社区）',
    },
    menuEditor: {
      title: '服务清单', subtitle: '本村（社区）群众可点的服务：由谁服务、承诺时限、是否上架', back: '服务工单',
      item: '服务项目', provider: '服务人员', promise: '承诺时限（小时）', active: '上架', note: '说明', notePh: '如：每周二、四上午',
      custom: '本村（社区）已调整', empty: '暂无服务项目', saved: '已保存「{name}」', stale: '该项目已被他人修改，已刷新为最新内容，请重新修改后保存',
    },
    wishAdmin: {
      title: '微心愿审核', subtitle: '审核发布群众的微心愿，发布微事务，跟踪认领和实现', empty: '没有符合条件的心愿',
      kind: '类别', wish: '心愿', reporter: '许愿人', handler: '认领人', thanks: '致谢', published: '已发布微事务（{no}）',
    },
    board: {
      title: '服务晒单', subtitle: '已完成的服务和已实现的心愿（个人信息已隐藏）', kind: { service: '服务工单', wish: '微心愿' },
      empty: '暂无已完成的服务', received: '提交', closed: '完成', served: '已完成', fulfilled: '已实现', events: '事件晒单', page: '第 {n} 页',
    },
  },
  en: {
    nav: { order: 'Order a service', wishes: 'Wishes', hall: 'Service hall', admin: 'Service orders', menu: 'Service menu', wishAdmin: 'Wish review', board: 'Service board' },
    actions: {
      service: {
        report: 'Order', dispatch: 'Send', claim: 'Take', grab: 'Grab', finish: 'Service done', supervise: 'Supervise', rate: 'Rate',
        return: 'Hand back', refuse: 'Cancel', cancel: 'Cancel', accept: 'Accept', progress: 'Progress', auto_close: 'Auto-closed', alarm: 'Time-limit alarm',
      },
      wish: {
        report: 'Make a wish', accept: 'Publish', refuse: 'Do not publish', claim: 'Take on', grab: 'Take on', return: 'Give up', finish: 'Wish fulfilled',
        rate: 'Thank and rate', dispatch: 'Assign', supervise: 'Supervise', progress: 'Progress', cancel: 'Withdraw', auto_close: 'Auto-closed', alarm: 'Time-limit alarm',
      },
    },
    states: {
      service: {
        reported: 'New', accepted: 'To send', dispatched: 'Sent', handling: 'Serving', returned: 'Handed back', finished: 'To rate',
        verified: 'To rate', closed: 'Done', refused: 'Cancelled', merged: 'Merged',
      },
      wish: {
        reported: 'To check', accepted: 'To take on', dispatched: 'To take on', handling: 'Under way', returned: 'Given up', finished: 'To thank',
        verified: 'To thank', closed: 'Fulfilled', refused: 'Not published', merged: 'Merged',
      },
    },
    done: {
      any: '"{a}" done',
      service: { grab: 'Grabbed: get in touch with the resident soon', claim: 'Taken: get in touch with the resident soon', finish: 'Service done; waiting for the rating', rate: 'Thank you for rating', dispatch: 'Sent' },
      wish: { grab: 'Taken on: help make the wish come true soon', claim: 'Taken on: help make the wish come true soon', finish: 'Wish fulfilled; waiting for thanks', rate: 'Thanks sent', accept: 'Published' },
    },
    category: { 1501: 'Wish', 1502: 'Small task', 1503: 'School wish of a child' },
    provider: { any: 'Party members or volunteers', party: 'Party members only' },
    rating: { 1: 'Satisfied', 2: 'Fairly satisfied', 3: 'Dissatisfied' },
    hoursValue: '{n} h', moved: 'The order has moved on: reloaded',
    menu: { promise: 'Served within {n} h' },
    card: { address: 'Address', due: 'Promised by', handler: 'Served by', hours: 'Hours', rating: 'Rating' },
    mine: {
      title: 'Order a service', sub: 'The service menu of {place}', tabMenu: 'Service menu', tabMine: 'My orders', order: 'Order',
      menuEmpty: 'Your community has not published a service menu yet', mineEmpty: 'You have not ordered a service yet', ordered: 'Ordered, no. {no}',
      hallLink: 'Service hall', wishesLink: 'Wishes',
    },
    form: {
      title: 'Order: {name}', titleAny: 'Order', item: 'Service', itemPh: 'Choose an item of the menu', description: 'What you need',
      descriptionPh: 'What service, when it suits you, anything to mind', address: 'Address (optional)', addressPh: 'e.g. block 3, unit 2, flat 501',
      forWhom: 'Ordering for a resident: give their name and mobile number', reporterName: 'Resident\'s name', reporterPhone: 'Mobile',
      needItem: 'Choose a service', needDescription: 'Say what is needed', needName: 'Give the resident\'s name', badPhone: 'Give an 11-digit mobile number',
      submit: 'Place the order',
    },
    wishForm: {
      kind: 'Kind of wish', title: 'Title (optional)', titlePh: 'e.g. learn to use a smartphone', errandTitlePh: 'e.g. shopping for an elderly neighbour',
      description: 'Your wish', descriptionPh: 'Tell us your small wish and when it suits you', errandPh: 'What to do, when and where',
      forWhom: 'Wishing for a resident: give their name (the mobile number if they have one)', errandFor: 'Who the small task is for: their name (the mobile number if they have one)', needDescription: 'Say what the wish is', submit: 'Submit the wish', publishErrand: 'Publish a small task',
    },
    wishes: {
      title: 'Wishes', sub: 'Tell us a small wish: party members and volunteers help make it come true', new: 'Make a wish', mine: 'My wishes',
      empty: 'You have not made a wish yet', submitted: 'Wish submitted ({no}); the community checks and publishes it', servicesLink: 'Order a service',
    },
    hall: {
      title: 'Service hall', sub: 'Services and wishes of {place} waiting to be taken', tabHall: 'Waiting', tabMine: 'Mine',
      empty: 'Nothing is waiting to be taken', mineEmpty: 'You have not taken anything on yet', timebank: 'My time bank',
    },
    drawer: {
      title: 'Service order', kind: 'Service', description: 'What is needed', place: 'Where', reporter: 'For', received: 'Submitted',
      closed: 'Done', timeline: 'Timeline', sentTo: 'Sent to',
    },
    admin: {
      title: 'Service orders', subtitle: 'Order, send, take or grab, serve, rate, supervise',
      allStates: 'All states', newOrder: 'Order for a resident', menuLink: 'Edit the service menu', empty: 'No service orders match',
      no: 'Tracking no.', item: 'Service', description: 'What is needed', reporter: 'For', state: 'State',
      community: 'Community', communityPh: 'Choose a community',
    },
    menuEditor: {
      title: 'Service menu', subtitle: 'What the residents of the community may order: who serves, the promised time, on the menu or not', back: 'Service orders',
      item: 'Service', provider: 'Served by', promise: 'Promised within (h)', active: 'On', note: 'Note', notePh: 'e.g. Tuesday and Thursday mornings',
      custom: 'changed here', empty: 'No items', saved: '"{name}" saved', stale: 'Someone else changed the item: it is reloaded, change it again and save',
    },
    wishAdmin: {
      title: 'Wish review', subtitle: 'Check and publish residents\' wishes, publish small tasks, follow who takes them on', empty: 'No wishes match',
      kind: 'Kind', wish: 'Wish', reporter: 'Wished by', handler: 'Taken on by', thanks: 'Thanks', published: 'Small task published ({no})',
    },
    board: {
      title: 'Service board', subtitle: 'Services done and wishes fulfilled (personal data hidden)', kind: { service: 'Service orders', wish: 'Wishes' },
      empty: 'Nothing done yet', received: 'Submitted', closed: 'Done', served: 'Done', fulfilled: 'Fulfilled', events: 'Case board', page: 'Page {n}',
    },
  },
}
