// Messages of the places screens, under the key "places" (t('places.…')).
export default {
  zh: {},
  en: {},
}
