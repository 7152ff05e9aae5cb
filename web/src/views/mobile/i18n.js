// Messages of the mobile screens, under the key "mobile" (t('mobile.…')).
export default {
  zh: {
    tasks: {
      title: '我的任务', subtitle: '本网格待办，按时限排序', count: '待办 {n} 件', report: '上报事件',
      empty: '暂无待办任务', deadline: '时限', overdue: '已超时 {d}', left: '剩余 {d}', noDeadline: '无时限',
      warn: { normal: '正常', yellow: '临期', red: '超时' }, day: '{n}天', hour: '{n}小时', minute: '{n}分钟',
      refresh: '刷新', petitions: '信访件', petitionCount: '待办理 {n} 件',
    },
    report: {
      title: '上报事件', settle: '就地办结', settleHint: '小事可当场处理完毕，须填写处理结果并拍照',
      settleMicroOnly: '所选分类不属于可就地办结的小事', note: '处理结果', notePh: '如：已清理完毕，恢复整洁',
      needNote: '就地办结须填写处理结果', needPhoto: '就地办结须上传处理后的照片', settled: '已就地办结',
      ownGrid: '本网格', myTasks: '我的任务',
    },
  },
  en: {
    tasks: {
      title: 'My tasks', subtitle: 'Open work in my grid, by deadline', count: '{n} open', report: 'Report',
      empty: 'Nothing to do', deadline: 'Deadline', overdue: '{d} overdue', left: '{d} left', noDeadline: 'No deadline',
      warn: { normal: 'On time', yellow: 'Due soon', red: 'Overdue' }, day: '{n} d', hour: '{n} h', minute: '{n} min',
      refresh: 'Refresh', petitions: 'Petitions', petitionCount: '{n} open',
    },
    report: {
      title: 'Report', settle: 'Settle on the spot', settleHint: 'A minor matter handled on the spot: give the result and a photo',
      settleMicroOnly: 'This category may not be settled on the spot', note: 'Result', notePh: 'e.g. cleaned up',
      needNote: 'Give the result to settle on the spot', needPhoto: 'Add a photo of the result to settle on the spot',
      settled: 'Settled on the spot', ownGrid: 'My grid', myTasks: 'My tasks',
    },
  },
}
