// Messages shared by every screen. Each area keeps its own in views/<area>/i18n.js under its own key.
export default {
  zh: {
    app: { name: '网格', title: '基层治理综合信息平台', county: '县级综治中心' },
    menu: {
      dashboard: '综治中心', places: '网格地图', people: '一张表', orders: '事件工单', disputes: '矛盾纠纷', screenings: '排查看板', screening: '矛盾排查', inbox: '消息',
      mobile: '我的任务', report: '我要反映', track: '进度查询', board: '晒单公示', admin: '系统管理',
    },
    common: {
      loading: '加载中…', empty: '暂无数据', retry: '重试', save: '保存', cancel: '取消', confirm: '确定',
      close: '关闭', search: '查询', reset: '重置', edit: '编辑', delete: '删除', add: '新增', back: '返回',
      actions: '操作', detail: '详情', more: '更多', yes: '是', no: '否', all: '全部', submit: '提交',
      saved: '已保存', done: '已完成', required: '必填', download: '下载', upload: '上传', export: '导出',
      import: '导入', refresh: '刷新', name: '名称', code: '编码', state: '状态', time: '时间', reason: '原因',
      note: '说明', unknown: '未知', total: '合计', page: '页', next: '下一页', prev: '上一页',
    },
    user: {
      login: '登录', logout: '退出', username: '用户名', password: '密码', changePassword: '修改密码',
      oldPassword: '原密码', newPassword: '新密码', repeatPassword: '再次输入新密码', mismatch: '两次输入的新密码不一致',
      mustChange: '首次登录须修改初始密码', changed: '密码已修改', welcome: '欢迎使用', language: 'English',
      role: '角色', scope: '辖区',
    },
    error: {
      forbidden: '无权访问', forbiddenText: '您的角色（{role}）不能使用此页面。', notFound: '页面不存在',
      home: '回到首页', failed: '出错了',
    },
  },
  en: {
    app: { name: 'Wangge', title: 'Grassroots governance platform', county: 'County command centre' },
    menu: {
      dashboard: 'Command centre', places: 'Grid map', people: 'People & households', orders: 'Orders', disputes: 'Disputes', screenings: 'Screening board', screening: 'Screening', inbox: 'Inbox',
      mobile: 'My tasks', report: 'Report a problem', track: 'Track', board: 'Public board', admin: 'Administration',
    },
    common: {
      loading: 'Loading…', empty: 'No data', retry: 'Retry', save: 'Save', cancel: 'Cancel', confirm: 'OK',
      close: 'Close', search: 'Search', reset: 'Reset', edit: 'Edit', delete: 'Delete', add: 'Add', back: 'Back',
      actions: 'Actions', detail: 'Details', more: 'More', yes: 'Yes', no: 'No', all: 'All', submit: 'Submit',
      saved: 'Saved', done: 'Done', required: 'Required', download: 'Download', upload: 'Upload', export: 'Export',
      import: 'Import', refresh: 'Refresh', name: 'Name', code: 'Code', state: 'State', time: 'Time', reason: 'Reason',
      note: 'Note', unknown: 'Unknown', total: 'Total', page: 'Page', next: 'Next', prev: 'Previous',
    },
    user: {
      login: 'Log in', logout: 'Log out', username: 'User name', password: 'Password', changePassword: 'Change password',
      oldPassword: 'Current password', newPassword: 'New password', repeatPassword: 'Repeat the new password',
      mismatch: 'The new passwords differ', mustChange: 'Change your initial password first', changed: 'Password changed',
      welcome: 'Welcome', language: '中文', role: 'Role', scope: 'Jurisdiction',
    },
    error: {
      forbidden: 'Forbidden', forbiddenText: 'Your role ({role}) may not use this page.', notFound: 'Page not found',
      home: 'Home', failed: 'Something went wrong',
    },
  },
}
