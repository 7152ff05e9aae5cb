// Messages of the admin screens, under the key "admin" (t('admin.…')).
export default {
  zh: {},
  en: {},
}
