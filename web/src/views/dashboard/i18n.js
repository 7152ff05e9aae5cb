// Messages of the dashboard screens, under the key "dashboard" (t('dashboard.…')).
export default {
  zh: {},
  en: {},
}
