"""Streamlit's own English in a Norwegian page: the file uploader's "Upload", "Drag and drop a file
here" and "20MB per file", the "Press Enter to apply" under text inputs, the select boxes'
"Choose an option", the running indicator. Streamlit 1.67 has no parameters for these texts, so a
script rewrites them in the page, as text (read by screen readers like any other text) and in the
``aria-label`` of the uploader's buttons (``accessibility.accessibility_chrome`` puts the script in
the page). Only inside the widgets named in ``SCOPES``: nothing a user wrote is touched.

Each rule is a pattern for Streamlit's English and a catalogue key for the words; in English the
rules are empty, so nothing changes (and a Norwegian session switched to English stops rewriting).
"""

from __future__ import annotations

import json

from omrademonitor.i18n import t

SCOPES = (
    ", ".join(
        f'[data-testid="{testid}"]'
        for testid in ("stFileUploader", "InputInstructions", "stSelectbox", "stMultiSelect", "stStatusWidget")
    )
    + ', [data-baseweb="popover"]'
)

# (where: "text" or an attribute, Streamlit's English as a regular expression, key of the words;
# $1 in the words stands for the first group).
RULES = (
    ("text", r"^Upload$", "st_upload"),
    ("text", r"^Drag and drop a file here$", "st_drop_file"),
    ("text", r"^Drag and drop files here$", "st_drop_files"),
    ("text", r"^(\d+(?:\.\d+)?)\s*([KMGT]?B) per file$", "st_per_file"),
    ("text", r"^(.+) files are not allowed\.$", "st_type_refused"),
    ("text", r"^File must be (.+) or smaller\.$", "st_too_large"),
    ("aria-label", r"^Add files$", "st_add_files"),
    ("aria-label", r"^file upload$", "st_file_input"),
    ("aria-label", r"^Remove (.+)$", "st_remove_file"),
    ("text", r"^Press Enter to apply$", "st_enter_apply"),
    ("text", r"^Press Enter to submit form$", "st_enter_submit"),
    ("text", r"^Press (⌘|Ctrl)\+Enter to apply$", "st_ctrl_enter_apply"),
    ("text", r"^Choose an option$", "st_choose_option"),
    ("text", r"^Choose options$", "st_choose_options"),
    ("text", r"^No results$", "st_no_results"),
    ("text", r"^Running\.\.\.$", "st_running"),
    ("text", r"^Stop$", "st_stop"),
)

SCRIPT = """<script>
(() => {
  window.omStreamlitWords = %s;
  const scopes = %s;
  const rewrite = (text, where) => {
    for (const [kind, pattern, words] of window.omStreamlitWords) {
      if (kind !== where) continue;
      const match = new RegExp(pattern).exec(text.trim());
      if (match) return words.replace(/\\$(\\d)/g, (_, n) => match[Number(n)] ?? "");
    }
    return null;
  };
  const pass = () => {
    if (!window.omStreamlitWords.length) return;
    for (const scope of document.querySelectorAll(scopes)) {
      const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const words = rewrite(node.nodeValue, "text");
        if (words !== null) node.nodeValue = words;
      }
      for (const element of scope.querySelectorAll("[aria-label]")) {
        const words = rewrite(element.getAttribute("aria-label"), "aria-label");
        if (words !== null) element.setAttribute("aria-label", words);
      }
    }
  };
  window.omStreamlitWordsPass = pass;
  if (!window.omStreamlitWordsObserver) {
    let queued = false;
    window.omStreamlitWordsObserver = new MutationObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; window.omStreamlitWordsPass(); });
    });
    window.omStreamlitWordsObserver.observe(document.body,
      {subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["aria-label"]});
  }
  pass();
})();
</script>"""


def rules(lang: str) -> list[tuple[str, str, str]]:
    """The rewriting rules for ``lang``: Streamlit's English to the catalogue's words (none in English)."""
    if lang == "en":
        return []
    return [(where, pattern, t(key, lang)) for where, pattern, key in RULES]


def script(lang: str) -> str:
    """The script element that rewrites Streamlit's words in ``lang`` (JSON-encoded, no ``</`` inside)."""
    encoded = json.dumps(rules(lang), ensure_ascii=False).replace("<", "\\u003c")
    return SCRIPT % (encoded, json.dumps(SCOPES))
