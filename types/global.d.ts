/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.svg'
declare module '*.css'
declare module '*.scss'

/** Where the weapp reaches the server (H5 uses its own origin: ''). Set at build time. */
declare const API_BASE: string
/** 'https' (Taro.request/uploadFile) or 'cloud' (wx.cloud.callContainer, weapp only). Set at build time. */
declare const API_TRANSPORT: 'https' | 'cloud'
/** WeChat Cloud Hosting environment id and service name, for API_TRANSPORT=cloud. */
declare const CLOUD_ENV: string
declare const CLOUD_SERVICE: string

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test'
    TARO_ENV: 'weapp' | 'h5'
  }
}
