export default definePageConfig({ navigationBarTitleText: '选择账号' })
