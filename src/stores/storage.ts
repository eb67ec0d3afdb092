import Taro from '@tarojs/taro'
import type { StateStorage } from 'zustand/middleware'

/** zustand's persist storage over Taro storage (WeChat: 10 MB in all, 1 MB per key; H5: localStorage). */
export const taroStorage: StateStorage = {
  getItem: (name) => {
    const value: unknown = Taro.getStorageSync(name)
    return typeof value === 'string' && value !== '' ? value : null
  },
  setItem: (name, value) => Taro.setStorageSync(name, value),
  removeItem: (name) => Taro.removeStorageSync(name)
}
