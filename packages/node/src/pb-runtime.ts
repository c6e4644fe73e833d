/**
 * A mend of protons-runtime's writer, loaded by the package's entry points (and the peer) before
 * anything is encoded.
 *
 * protons-runtime (7.1.2, the same in 8.0.1) writes a `uint64` in [2^31, 2^32) wrongly: its
 * LongBits keeps the low word as a signed 32-bit number, and the varint writer's loop over the
 * low word stops at once on a negative one, so 2^31 is written as one byte and reads back as 0,
 * and the bytes after it are misread. A file of 2 to 4 GiB (`--max-file-mib` allows it) would
 * carry a wrong size, and so would an archive's counts and sizes. Such a value's varint is the
 * same bytes as a uint32's, so it goes through the runtime's uint32 writer instead.
 */
import { writer } from 'protons-runtime'

const TWO_31 = 2n ** 31n
const TWO_32 = 2n ** 32n

interface Uint64Writer {
  uint64: (value: bigint) => unknown
  uint32: (value: number) => unknown
  __parleyUint64?: true
}

const proto = Object.getPrototypeOf(writer()) as Uint64Writer
if (proto.__parleyUint64 !== true) {
  const uint64 = proto.uint64
  proto.uint64 = function (this: Uint64Writer, value: bigint) {
    return value >= TWO_31 && value < TWO_32 ? this.uint32(Number(value)) : uint64.call(this, value)
  }
  proto.__parleyUint64 = true
}
