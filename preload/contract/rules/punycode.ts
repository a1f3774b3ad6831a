/**
 * Punycode decoding (RFC 3492 §6.2), pure so the contract can run it in the renderer: `url.domainToUnicode`
 * is Node-only and the `punycode` package is not ours to depend on. Only decoding is needed: the WHATWG URL
 * parser already encodes, and the whitelist rules must see what an `xn--` label really spells.
 */

const BASE = 36
const T_MIN = 1
const T_MAX = 26
const SKEW = 38
const DAMP = 700
const INITIAL_BIAS = 72
const INITIAL_N = 0x80
const MAX_INT = 0x7fffffff

function adapt(delta: number, numPoints: number, firstTime: boolean): number {
  let d = firstTime ? Math.floor(delta / DAMP) : delta >> 1
  d += Math.floor(d / numPoints)
  let k = 0
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN))
    k += BASE
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW))
}

/** a–z and A–Z are 0–25, 0–9 are 26–35; anything else is not a Punycode digit. */
function digitValue(code: number): number {
  if (code >= 0x61 && code <= 0x7a) return code - 0x61
  if (code >= 0x41 && code <= 0x5a) return code - 0x41
  if (code >= 0x30 && code <= 0x39) return code - 0x30 + 26
  return -1
}

/** Decodes the part of a label after `xn--`; null when it is not valid Punycode (bad digit, overflow, surrogate). */
export function decodePunycode(input: string): string | null {
  const delimiter = input.lastIndexOf('-')
  const basic = delimiter < 0 ? '' : input.slice(0, delimiter)
  const output: number[] = []
  for (let j = 0; j < basic.length; j++) {
    const c = basic.charCodeAt(j)
    if (c >= 0x80) return null
    output.push(c)
  }
  let n = INITIAL_N
  let bias = INITIAL_BIAS
  let i = 0
  let pos = delimiter < 0 ? 0 : delimiter + 1
  while (pos < input.length) {
    const oldI = i
    let w = 1
    for (let k = BASE; ; k += BASE) {
      if (pos >= input.length) return null
      const digit = digitValue(input.charCodeAt(pos++))
      if (digit < 0 || digit > Math.floor((MAX_INT - i) / w)) return null
      i += digit * w
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias
      if (digit < t) break
      if (w > Math.floor(MAX_INT / (BASE - t))) return null
      w *= BASE - t
    }
    const length = output.length + 1
    bias = adapt(i - oldI, length, oldI === 0)
    if (Math.floor(i / length) > MAX_INT - n) return null
    n += Math.floor(i / length)
    i %= length
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return null
    output.splice(i, 0, n)
    i++
  }
  return String.fromCodePoint(...output)
}
