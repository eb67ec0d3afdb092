export default definePageConfig({ navigationBarTitleText: '检查概况', enablePullDownRefresh: true, enableShareAppMessage: true })
