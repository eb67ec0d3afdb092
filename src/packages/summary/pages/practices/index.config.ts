export default definePageConfig({ navigationBarTitleText: '典型做法', enablePullDownRefresh: true })
