// Messages of the people screens, under the key "people" (t('people.…')).
export default {
  zh: {},
  en: {},
}
