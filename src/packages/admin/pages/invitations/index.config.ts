export default definePageConfig({ navigationBarTitleText: '单位邀请', enableShareAppMessage: true })
