export default definePageConfig({ navigationBarTitleText: '政务新媒体检查', enablePullDownRefresh: true })
