// Messages of the public screens, under the key "public" (t('public.…')).
// Also used by the shared report form (ReportForm.vue), which the mobile screens reuse.
export default {
  zh: {
    mine: {
      title: '我的反映', count: '共 {n} 件', newReport: '我要反映', empty: '您还没有反映过问题', rate: '去评价',
      rated: '已评价', received: '反映时间', loadMore: '加载更多', noMore: '没有更多了',
    },
    form: {
      title: '我要反映', category: '事件分类', categoryPh: '请选择事件分类（可输入搜索）', description: '问题描述',
      descriptionPh: '请描述发生了什么、在哪里、持续多久', address: '详细地址（选填）', addressPh: '如：某某路口东侧',
      photo: '现场照片', addPhoto: '拍照 / 选照片', uploading: '正在上传…', removePhoto: '删除',
      location: '事发位置', useGps: '使用当前定位', gpsBusy: '正在定位…', gpsInGrid: '定位在：{name}',
      gpsUnsupported: '此设备不支持定位，请选择所在网格', gpsDenied: '无法获取定位（{msg}），请选择所在网格',
      gpsOutside: '定位点不在可选网格内（{msg}），已改为按所选网格上报', choosePlace: '选择所在网格/村(社区)',
      byGps: '按定位', byPlace: '按网格', coords: '坐标 {lat}, {lon}', placeOwn: '（本村/社区）',
      submit: '提交', needCategory: '请选择事件分类', needDescription: '请填写问题描述', needPlace: '请选择事发位置',
      doneTitle: '已提交', doneText: '请记下查询码（含“-”后的部分），凭它可随时查询办理进度。', trackingNo: '查询码', state: '当前状态',
      viewOrder: '查看工单', again: '再报一件', track: '查询进度', micro: '小事',
    },
    track: {
      title: '办理进度查询', no: '查询码', noPh: '请输入查询码，如 WG2026010100000001-3F9A0C21B7', search: '查询',
      steps: '办理过程', category: '分类', place: '所在网格', received: '受理时间', closed: '办结时间',
      state: '当前状态', needNo: '请输入查询码', hint: '反映问题后获得的完整查询码（含“-”后的部分），无需登录即可查询。',
      privacy: '为保护个人信息，进度仅显示环节和时间。',
    },
    board: {
      title: '平台晒单', subtitle: '已办结事件公示（个人信息已隐藏）', received: '反映', closed: '办结', rating: '评价',
      tier: '化解层级', page: '第 {n} 页', empty: '暂无已办结的事件',
    },
    tiers: { grid: '网格', village: '村(社区)', township: '乡镇(街道)', county: '县级', department: '部门' },
    ratings: { 1: '满意', 2: '基本满意', 3: '不满意' },
    states: {
      reported: '待受理', refused: '不予受理', accepted: '待派单', dispatched: '待接单', handling: '处置中',
      returned: '已退单', finished: '待核查', verified: '待评价', closed: '已办结归档', merged: '已并单',
    },
  },
  en: {
    mine: {
      title: 'My reports', count: '{n} in all', newReport: 'Report a problem', empty: 'You have not reported anything yet',
      rate: 'Rate', rated: 'Rated', received: 'Reported', loadMore: 'Load more', noMore: 'No more',
    },
    form: {
      title: 'Report a problem', category: 'Category', categoryPh: 'Choose a category (type to search)',
      description: 'Description', descriptionPh: 'What happened, where, and since when',
      address: 'Address (optional)', addressPh: 'e.g. east side of the crossing', photo: 'Photos',
      addPhoto: 'Take / choose a photo', uploading: 'Uploading…', removePhoto: 'Remove', location: 'Location',
      useGps: 'Use my position', gpsBusy: 'Locating…', gpsInGrid: 'Located in: {name}',
      gpsUnsupported: 'This device cannot locate; choose the grid', gpsDenied: 'No position ({msg}); choose the grid',
      gpsOutside: 'The position is outside the grids you may choose ({msg}); the chosen grid is used',
      choosePlace: 'Choose the grid / village', byGps: 'By position', byPlace: 'By grid', coords: 'Coordinates {lat}, {lon}',
      placeOwn: ' (my village)', submit: 'Submit', needCategory: 'Choose a category', needDescription: 'Describe the problem',
      needPlace: 'Choose the location', doneTitle: 'Submitted', doneText: 'Keep the tracking code (with the part after the "-") to follow the progress.',
      trackingNo: 'Tracking code', state: 'State', viewOrder: 'Open the order', again: 'Report another', track: 'Track',
      micro: 'minor',
    },
    track: {
      title: 'Track a report', no: 'Tracking code', noPh: 'e.g. WG2026010100000001-3F9A0C21B7', search: 'Search', steps: 'Progress',
      category: 'Category', place: 'Grid', received: 'Received', closed: 'Closed', state: 'State',
      needNo: 'Enter the tracking code', hint: 'The whole code you got when you reported (with the part after the "-"); no sign-in needed.',
      privacy: 'To protect personal data only the steps and times are shown.',
    },
    board: {
      title: 'Public board', subtitle: 'Closed cases (personal data hidden)', received: 'Reported', closed: 'Closed',
      rating: 'Rating', tier: 'Solved at', page: 'Page {n}', empty: 'No closed cases yet',
    },
    tiers: { grid: 'Grid', village: 'Village', township: 'Township', county: 'County', department: 'Department' },
    ratings: { 1: 'Satisfied', 2: 'Fairly satisfied', 3: 'Unsatisfied' },
    states: {
      reported: 'Reported', refused: 'Refused', accepted: 'To dispatch', dispatched: 'To claim', handling: 'Handling',
      returned: 'Returned', finished: 'To verify', verified: 'To rate', closed: 'Closed', merged: 'Merged',
    },
  },
}
