import Taro from '@tarojs/taro'

/**
 * Opens a page of a subpackage. On a phone a subpackage is downloaded the first time one of its
 * pages opens (「分包加载」); offline that fails, and a bare navigateTo would leave a dead tap. The
 * user is told instead. (app.json's preloadRule downloads the liaison's and the leader's packages
 * from the home page while the network is there.)
 */
export function openPage(url: string): void {
  Taro.navigateTo({ url }).catch(() => {
    void Taro.showToast({ title: '该页面需联网后首次打开，请检查网络', icon: 'none', duration: 2500 })
  })
}
