export default definePageConfig({ navigationBarTitleText: '导入账号台账' })
