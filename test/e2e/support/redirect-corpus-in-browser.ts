// Bundled for Chromium by redirect-corpus.e2e.test.ts: the corpus and the editor's rules, run where the
// editor runs them, with Chromium's URL parser instead of Node's.
import { validateRedirectEntry, validateWhitelist } from '../../../preload/contract/rules/redirect-url'
import { MUST_ACCEPT, MUST_REJECT, PAIRS } from '../../fixtures/redirect-url-corpus'

export function runCorpus() {
  return {
    rejects: MUST_REJECT.map((c) => validateRedirectEntry(c.url)),
    accepts: MUST_ACCEPT.map((c) => validateRedirectEntry(c.url)),
    pairs: PAIRS.map((p) => validateWhitelist([p.a, p.b]).errors.map((e) => e.message))
  }
}
