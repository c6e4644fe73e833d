import { create } from 'qrcode'
import { useMemo } from 'preact/hooks'

/** Light modules around the code, as the QR specification asks (ISO/IEC 18004 §6.3.8: 4 modules). */
const QUIET_ZONE = 4

/**
 * A QR code of `text`, drawn as an SVG path: one unit square per dark module, so it scales
 * crisply. The matrix comes from the `qrcode` package; drawing it here keeps markup in Preact
 * (no HTML strings).
 */
export function QrCode ({ text, label }: { text: string, label: string }): preact.JSX.Element {
  const { size, path } = useMemo(() => {
    const { modules } = create(text, { errorCorrectionLevel: 'M' })
    let d = ''
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) {
        if (modules.get(row, col) !== 0) {
          d += `M${col + QUIET_ZONE} ${row + QUIET_ZONE}h1v1h-1z`
        }
      }
    }
    return { size: modules.size + 2 * QUIET_ZONE, path: d }
  }, [text])
  return (
    <svg class='qr' role='img' aria-label={label} viewBox={`0 0 ${size} ${size}`} shape-rendering='crispEdges'>
      <rect width={size} height={size} fill='#fff' />
      <path d={path} fill='#000' />
    </svg>
  )
}
