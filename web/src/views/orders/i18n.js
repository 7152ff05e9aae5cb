// Messages of the orders screens, under the key "orders" (t('orders.…')).
export default {
  zh: {},
  en: {},
}
