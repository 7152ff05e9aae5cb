import { createI18n } from 'vue-i18n'
import common from './common.js'
import dashboard from '../views/dashboard/i18n.js'
import orders from '../views/orders/i18n.js'
import disputes from '../views/disputes/i18n.js'
import petitions from '../views/petitions/i18n.js'
import screenings from '../views/screenings/i18n.js'
import points from '../views/points/i18n.js'
import activities from '../views/activities/i18n.js'
import services from '../views/services/i18n.js'
import errands from '../views/errands/i18n.js'
import dual from '../views/dual/i18n.js'
import rolls from '../views/rolls/i18n.js'
import duties from '../views/duties/i18n.js'
import places from '../views/places/i18n.js'
import people from '../views/people/i18n.js'
import mobile from '../views/mobile/i18n.js'
import publicScreens from '../views/public/i18n.js'
import admin from '../views/admin/i18n.js'

const areas = { dashboard, orders, disputes, petitions, screenings, points, activities, services, errands, dual, rolls, duties, places, people, mobile, public: publicScreens, admin }
function build(lang) {
  const m = { ...common[lang] }
  for (const [key, msgs] of Object.entries(areas)) m[key] = msgs[lang] || {}
  return m
}

export const LOCALE_KEY = 'wangge.locale'
export const i18n = createI18n({
  legacy: false,
  locale: localStorage.getItem(LOCALE_KEY) || 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': build('zh'), en: build('en') },
})
