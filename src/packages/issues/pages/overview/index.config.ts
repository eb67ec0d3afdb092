export default definePageConfig({ navigationBarTitleText: '整改情况', enablePullDownRefresh: true })
