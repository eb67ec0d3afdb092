export default defineAppConfig({
  pages: ['pages/home/index', 'pages/login/index', 'pages/accounts/index', 'pages/inspect/index', 'pages/sync/index', 'pages/approve/index', 'pages/practice/index', 'pages/join/index'],
  subPackages: [
    {
      root: 'packages/issues',
      pages: ['pages/list/index', 'pages/detail/index', 'pages/overview/index', 'pages/report/index']
    },
    {
      root: 'packages/summary',
      pages: ['pages/index/index', 'pages/circular/index', 'pages/practices/index', 'pages/search/index']
    },
    {
      root: 'packages/admin',
      pages: ['pages/people/index', 'pages/person/index', 'pages/audit/index', 'pages/import/index', 'pages/registry/index', 'pages/account/index', 'pages/rounds/index', 'pages/catalogs/index', 'pages/catalog/index', 'pages/assign/index', 'pages/wording/index', 'pages/leaders/index', 'pages/people-import/index', 'pages/invitations/index']
    }
  ],
  // 「分包预下载」: the liaison's issue pages and the leader's summary are fetched from the home
  // page while the network is there, so they open later offline (the admin's pages need the network anyway).
  preloadRule: {
    'pages/home/index': { network: 'all', packages: ['packages/issues', 'packages/summary'] }
  },
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#1d4fb8',
    navigationBarTitleText: '政务新媒体检查',
    navigationBarTextStyle: 'white',
    // WeChat's default bar; on H5 it makes Taro draw a title bar with back and home.
    navigationStyle: 'default',
    backgroundColor: '#f2f4f8'
  },
  // H5 only (the weapp has its own transitions). Taro's router hides the page left behind
  // `duration + delay` ms after a navigateTo and shows the page gone back to `duration` ms after
  // a navigateBack; with its default 50 ms delay, going back within 50 ms of arriving left the
  // earlier page hidden for good (a blank screen). No delay keeps the two timers in order.
  ...(process.env.TARO_ENV === 'h5' ? { animation: { duration: 300, delay: 0 } } : {})
})
