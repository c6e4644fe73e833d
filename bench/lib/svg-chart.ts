/** A small line chart as hand-written SVG (polylines, axes, a legend): the soak benchmark's series. */

/** One line of the chart. */
export interface Series { name: string, color: string, dashed?: boolean, points: Array<[number, number]> }

const W = 720
const H = 360
const PAD = { left: 56, right: 180, top: 28, bottom: 44 }
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const num = (n: number): string => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(1))

/** Renders `series` on shared axes; `marks` draws labelled vertical lines (e.g. the end of warm-up). */
export function lineChart (title: string, xLabel: string, yLabel: string, series: Series[], marks: Array<{ x: number, label: string }> = []): string {
  const points = series.flatMap((s) => s.points)
  const xMax = Math.max(1, ...points.map(([x]) => x))
  const yMax = Math.max(1, ...points.map(([, y]) => y)) * 1.05
  const px = (x: number): number => PAD.left + (x / xMax) * (W - PAD.left - PAD.right)
  const py = (y: number): number => H - PAD.bottom - (y / yMax) * (H - PAD.top - PAD.bottom)
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${PAD.left}" y="16" font-size="13">${esc(title)}</text>`,
    `<line x1="${PAD.left}" y1="${py(0)}" x2="${px(xMax)}" y2="${py(0)}" stroke="black"/>`,
    `<line x1="${PAD.left}" y1="${py(0)}" x2="${PAD.left}" y2="${PAD.top}" stroke="black"/>`,
    `<text x="${(PAD.left + px(xMax)) / 2}" y="${H - 8}" text-anchor="middle">${esc(xLabel)}</text>`,
    `<text transform="translate(14 ${(PAD.top + py(0)) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`
  ]
  for (let i = 0; i <= 4; i++) {
    const y = (yMax * i) / 4
    const x = (xMax * i) / 4
    out.push(`<text x="${PAD.left - 4}" y="${py(y) + 4}" text-anchor="end">${num(y)}</text>`)
    out.push(`<text x="${px(x)}" y="${py(0) + 14}" text-anchor="middle">${num(x)}</text>`)
  }
  for (const m of marks) {
    out.push(`<line x1="${px(m.x)}" y1="${py(0)}" x2="${px(m.x)}" y2="${PAD.top}" stroke="#999" stroke-dasharray="2 3"/>`)
    out.push(`<text x="${px(m.x) + 3}" y="${PAD.top + 10}" fill="#666">${esc(m.label)}</text>`)
  }
  series.forEach((s, i) => {
    const dash = s.dashed === true ? ' stroke-dasharray="6 4"' : ''
    const line = s.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ')
    out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="1.5"${dash} points="${line}"/>`)
    const ly = PAD.top + 6 + i * 16
    out.push(`<line x1="${W - PAD.right + 12}" y1="${ly}" x2="${W - PAD.right + 36}" y2="${ly}" stroke="${s.color}" stroke-width="1.5"${dash}/>`)
    out.push(`<text x="${W - PAD.right + 40}" y="${ly + 4}">${esc(s.name)}</text>`)
  })
  out.push('</svg>')
  return out.join('\n') + '\n'
}
