// Messages of the mobile screens, under the key "mobile" (t('mobile.…')).
export default {
  zh: {},
  en: {},
}
