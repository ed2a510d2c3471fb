"""The chat page's own style and script: colours that keep 4.5:1 contrast in light and dark mode, the
layout at phone and laptop widths, and copying an answer as plain text with its sources."""

CSS = """
:root, .dark { --button-cancel-background-fill: #b91c1c; --button-cancel-background-fill-hover: #991b1b;
  --button-cancel-text-color: #ffffff; --button-primary-background-fill: #c2410c;
  --button-primary-background-fill-hover: #9a3412; --button-primary-text-color: #ffffff; }
button[role="tab"].selected { color: #c2410c; }
footer a, footer button { color: #595959 !important; }
button:disabled, button[disabled] { color: #555555 !important; }
input.subdued { color: #555555; }
.refusal { color: #8a3b00; }
.note, .answered-by, .loaded, .sources-empty { color: #4a4a4a; }
.unsupported { background: #fff3cd; color: #3d2e00; }
.problem { color: #a11d1d; }
.source { border-left: 3px solid #4a7ab5; padding: 4px 10px; margin-bottom: 10px; }
.source mark { background: #ffe066; color: #1a1a1a; }
.source blockquote { margin: 6px 0; white-space: pre-wrap; }
.figures { color: #6b3e00; background: #fff4e0; border-left: 3px solid #c77700; padding: 2px 8px; }
#ask, #stop { min-width: 72px !important; flex-grow: 0 !important; }
#examples button { white-space: normal; text-align: left; }
#chat a.cite { scroll-margin-top: 120px; }  /* back from a source: the sentence above the [n] shows too */
@media (max-width: 1100px) { #sources-column { min-width: 100% !important; } }
@media (max-width: 767px) {
  #chat-column { order: -1; } #sources-column { order: 0; } #conversations-column { order: 1; }
  #model { min-width: 100% !important; }  /* its long names whole; filters and New on the next line */
  #chat { height: calc(100vh - 470px) !important; min-height: 240px !important; }
}
""" + "".join(  # one selector a rule: Gradio scopes a rule naming .dark by rewriting its first selector only
    f".dark {selector} {{ {style} }}\n"
    for selector, style in (
        ('button[role="tab"].selected', "color: #fdba74;"),
        ("footer a", "color: #c4c4c4 !important;"),
        ("footer button", "color: #c4c4c4 !important;"),
        ("button:disabled", "color: #c4c4c4 !important;"),
        ("input.subdued", "color: #c4c4c4;"),
        (".refusal", "color: #ffb37a;"),
        (".note", "color: #c8c8c8;"),
        (".answered-by", "color: #c8c8c8;"),
        (".loaded", "color: #c8c8c8;"),
        (".sources-empty", "color: #c8c8c8;"),
        (".unsupported", "background: #4a3800; color: #fff3cd;"),
        (".problem", "color: #ff9c9c;"),
        (".figures", "color: #ffd9a0; background: #3d2a00;"),
    )
)

# Gradio's copy buttons put the message's HTML on the clipboard; an answer is copied as what a reader
# sees instead: its text with the [n] markers, its notes, then its sources with the cited sentences.
HEAD = """<script>
(() => {
  const clip = navigator.clipboard;
  if (!clip || !clip.writeText) return;
  const write = clip.writeText.bind(clip);
  const squash = s => s.replace(/\\s+/g, ' ').trim();
  const source = el => {
    const h = el.querySelector('.source-head')?.cloneNode(true);
    h?.querySelector('.back')?.remove();  // a link within the page, not part of the source
    const meta = h?.querySelector('small');
    const when = squash(meta?.textContent || '');
    meta?.remove();
    const head = squash(h?.textContent || '') + (when ? ' (' + when + ')' : '');
    const marks = [...el.querySelectorAll('mark')].map(m => squash(m.textContent)).join(' ');
    const quote = marks || squash(el.querySelector('blockquote')?.textContent || '').slice(0, 300);
    return head + (quote ? ': "' + quote + '"' : '');
  };
  const plain = raw => {
    if (typeof raw !== 'string' || !raw.includes('class="answered-by"')) return raw;
    const body = new DOMParser().parseFromString(raw, 'text/html').body;
    const out = [];
    for (const node of body.childNodes) {
      if (node.nodeType === 3) { if (squash(node.textContent)) out.push(node.textContent.trim()); continue; }
      if (node.nodeType !== 1) continue;
      if (node.matches('details.answer-sources')) {
        out.push('Sources:', ...[...node.querySelectorAll('.source')].map(source));
      } else if (node.matches('.closest')) {
        out.push('Closest passages (not an answer):', ...[...node.querySelectorAll('li')].map(
          li => squash(li.querySelector('b')?.textContent || '') + ': "' +
                squash(li.querySelector('blockquote')?.textContent || '') + '"'));
      } else if (squash(node.textContent)) {
        out.push(squash(node.textContent));
      }
    }
    return out.join('\\n');
  };
  clip.writeText = text => write(plain(text));
})();
</script>"""
