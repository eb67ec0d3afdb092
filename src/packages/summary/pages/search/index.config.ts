export default definePageConfig({ navigationBarTitleText: '截图文字搜索' })
