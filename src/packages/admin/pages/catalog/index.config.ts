export default definePageConfig({ navigationBarTitleText: '指标版本' })
