import { useMemo } from 'react'
import { Image } from '@tarojs/components'
import qrcode from 'qrcode-generator'
import './QrCode.scss'

/** A QR code as an image (a GIF data URL drawn on the phone: no network, no canvas). `text` is ASCII. */
export function QrCode({ text, size = 240 }: { text: string; size?: number }) {
  const src = useMemo(() => {
    const qr = qrcode(0, 'M')
    qr.addData(text)
    qr.make()
    return qr.createDataURL(8, 16)
  }, [text])
  return <Image className='qr' data-qr={text} src={src} style={{ width: `${size}px`, height: `${size}px` }} />
}
