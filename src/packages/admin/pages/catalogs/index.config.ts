export default definePageConfig({ navigationBarTitleText: '检查指标', enablePullDownRefresh: true })
