import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import devConfig from './dev'
import prodConfig from './prod'
import { releaseApiBaseProblem } from './release'

/**
 * One source, two targets: `weapp` (dist/weapp, opened in WeChat DevTools) and `h5`
 * (dist/h5, served by the server). API_BASE is where the weapp reaches the server;
 * H5 calls its own origin.
 */
export default defineConfig<'webpack5'>(async (merge) => {
  if (process.env.RELEASE === '1' && process.env.TARO_ENV === 'weapp') {
    const problem = releaseApiBaseProblem(process.env.API_BASE ?? 'http://127.0.0.1:3000', process.env.API_TRANSPORT ?? 'https')
    if (problem) throw new Error(`正式版构建已停止：${problem}`)
  }
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'gov-newmedia-inspection',
    date: '2026-11-24',
    designWidth(input) {
      const file = typeof input === 'object' && input !== null ? (input as { file?: string }).file : undefined
      return file?.replace(/\\+/g, '/').includes('@nutui') ? 375 : 750
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: ['@tarojs/plugin-html'],
    defineConstants: {
      API_BASE: JSON.stringify(process.env.API_BASE ?? (process.env.TARO_ENV === 'h5' ? '' : 'http://127.0.0.1:3000')),
      API_TRANSPORT: JSON.stringify(process.env.API_TRANSPORT === 'cloud' ? 'cloud' : 'https'),
      CLOUD_ENV: JSON.stringify(process.env.CLOUD_ENV ?? ''),
      CLOUD_SERVICE: JSON.stringify(process.env.CLOUD_SERVICE ?? 'inspection-api')
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: {
      type: 'webpack5',
      prebundle: { enable: false, exclude: ['@nutui/nutui-react-taro', '@nutui/icons-react-taro'] }
    },
    cache: { enable: false },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } }
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
      }
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[hash].css', chunkFilename: 'css/[name].[chunkhash].css' },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } }
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
        // H5_SOURCEMAP=1: source maps, to see what each chunk holds (bench/README.md).
        if (process.env.H5_SOURCEMAP === '1') chain.devtool('source-map')
      }
    }
  }
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
