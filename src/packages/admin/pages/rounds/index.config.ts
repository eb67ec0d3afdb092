export default definePageConfig({ navigationBarTitleText: '检查批次', enablePullDownRefresh: true })
