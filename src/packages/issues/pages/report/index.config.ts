export default definePageConfig({ navigationBarTitleText: '整改情况报告' })
