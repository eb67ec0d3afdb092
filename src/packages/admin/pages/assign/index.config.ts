export default definePageConfig({ navigationBarTitleText: '调整分配' })
