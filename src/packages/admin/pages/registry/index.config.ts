export default definePageConfig({ navigationBarTitleText: '账号台账', enablePullDownRefresh: true, onReachBottomDistance: 200 })
