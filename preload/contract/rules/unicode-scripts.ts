/**
 * Which Unicode scripts a host label is written in, for the homograph rule (a Cyrillic "а" inside a Latin
 * name). Common and Inherited characters (digits, hyphen, combining marks) belong to no script here.
 */

// Every script name of Unicode 17. The engine may know fewer (an older Chromium): a name it does not know
// is skipped, and its letters then count as one "Unknown" script rather than as no script at all.
const SCRIPT_NAMES =
  'Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali Beria_Erfe Bhaiksuki ' +
  'Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian Chakma Cham Cherokee Chorasmian ' +
  'Coptic Cuneiform Cypriot Cypro_Minoan Cyrillic Deseret Devanagari Dives_Akuru Dogra Duployan Egyptian_Hieroglyphs ' +
  'Elbasan Elymaic Ethiopic Garay Georgian Glagolitic Gothic Grantha Greek Gujarati Gunjala_Gondi Gurmukhi Gurung_Khema ' +
  'Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana Imperial_Aramaic Inscriptional_Pahlavi ' +
  'Inscriptional_Parthian Javanese Kaithi Kannada Katakana Kawi Kayah_Li Kharoshthi Khitan_Small_Script Khmer Khojki ' +
  'Khudawadi Kirat_Rai Lao Latin Lepcha Limbu Linear_A Linear_B Lisu Lycian Lydian Mahajani Makasar Malayalam Mandaic ' +
  'Manichaean Marchen Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui Meroitic_Cursive Meroitic_Hieroglyphs Miao ' +
  'Modi Mongolian Mro Multani Myanmar Nabataean Nag_Mundari Nandinagari New_Tai_Lue Newa Nko Nushu ' +
  'Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Ol_Onal Old_Hungarian Old_Italic Old_North_Arabian Old_Permic Old_Persian ' +
  'Old_Sogdian Old_South_Arabian Old_Turkic Old_Uyghur Oriya Osage Osmanya Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa ' +
  'Phoenician Psalter_Pahlavi Rejang Runic Samaritan Saurashtra Sharada Shavian Siddham Sidetic SignWriting Sinhala ' +
  'Sogdian Sora_Sompeng Soyombo Sundanese Sunuwar Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Tai_Yo ' +
  'Takri Tamil Tangsa Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta Todhri Tolong_Siki Toto Tulu_Tigalari Ugaritic ' +
  'Vai Vithkuqi Wancho Warang_Citi Yezidi Yi Zanabazar_Square'

const NO_SCRIPT = /^[\p{Script=Common}\p{Script=Inherited}]$/u
const LATIN_ASCII = /^[a-zA-Z]$/

let table: { name: string; re: RegExp }[] | null = null
function scriptTable(): { name: string; re: RegExp }[] {
  if (table) return table
  table = []
  for (const name of SCRIPT_NAMES.split(' ')) {
    try {
      table.push({ name: name.replace(/_/g, ' '), re: new RegExp(`^\\p{Script=${name}}$`, 'u') })
    } catch {
      // An engine older than the list: see SCRIPT_NAMES.
    }
  }
  return table
}

function scriptOf(ch: string): string | null {
  if (LATIN_ASCII.test(ch)) return 'Latin'
  if (NO_SCRIPT.test(ch)) return null
  return scriptTable().find((s) => s.re.test(ch))?.name ?? 'Unknown'
}

/** The scripts of `label`, most-used first (ties in order of first use), each with its first character. */
export function scriptsOf(label: string): { script: string; char: string }[] {
  const seen: { script: string; char: string; count: number }[] = []
  for (const ch of label) {
    const script = scriptOf(ch)
    if (!script) continue
    const entry = seen.find((s) => s.script === script)
    if (entry) entry.count++
    else seen.push({ script, char: ch, count: 1 })
  }
  return seen.sort((a, b) => b.count - a.count).map(({ script, char }) => ({ script, char }))
}

// UTS #39 "Highly Restrictive": Japanese, Chinese and Korean names legitimately combine these.
const ALLOWED_MIXES = [
  ['Latin', 'Han', 'Hiragana', 'Katakana'],
  ['Latin', 'Han', 'Bopomofo'],
  ['Latin', 'Han', 'Hangul']
]

/** The scripts of a label that mixes them (a homograph risk), most-used first; null for a single-script label. */
export function mixedScripts(label: string): { script: string; char: string }[] | null {
  const scripts = scriptsOf(label)
  if (scripts.length < 2) return null
  return ALLOWED_MIXES.some((mix) => scripts.every((s) => mix.includes(s.script))) ? null : scripts
}
