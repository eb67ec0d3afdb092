export default definePageConfig({ navigationBarTitleText: '领导姓名职务表' })
