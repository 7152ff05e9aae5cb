// Messages of the public screens, under the key "public" (t('public.…')).
export default {
  zh: {},
  en: {},
}
