/** The terminal's `/stats`: a peer's {@link NodeStats} as a few lines (sizes in MiB). */
import type { NodeStats } from '../node/stats.js'

const mib = (bytes: number | null): string => (bytes === null ? '?' : `${(bytes / 2 ** 20).toFixed(1)} MiB`)

/** The lines `/stats` prints: memory, V8's share of it, network, store, process handles. */
export function describeStats (s: NodeStats): string {
  const protocols = Object.entries(s.streams).sort(([, a], [, b]) => b - a).map(([p, n]) => `${p === '' ? '(negotiating)' : p} ${n}`).join(', ')
  const resources = Object.entries(s.resources).sort(([, a], [, b]) => b - a).map(([k, n]) => `${k} ${n}`).join(', ')
  return [
    `  memory   rss ${mib(s.rss)}, heap ${mib(s.heapUsed)} of ${mib(s.heapTotal)}, external ${mib(s.external)} (array buffers ${mib(s.arrayBuffers)})`,
    `  v8       heap committed ${mib(s.v8.physical)} (young generation ${mib(s.v8.newSpace)}, code ${mib(s.v8.code)}), V8's own malloc ${mib(s.v8.malloced)}`,
    `  network  ${s.connections} connections, ${s.openStreams} open streams${protocols === '' ? '' : `: ${protocols}`}`,
    `  store    ${s.db.entries} messages, ${mib(s.db.bytes)} on disk`,
    `  process  ${s.fds ?? '?'} open files${resources === '' ? '' : `; ${resources}`}`
  ].join('\n')
}
