export default definePageConfig({ navigationBarTitleText: '记录典型做法' })
