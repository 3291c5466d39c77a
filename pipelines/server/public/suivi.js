// The follow-up page asks where the import stands every two seconds and shows it; the status
// line is a live region, so a screen reader says each change. Without this script, the page
// has a link to reload it.
const box = document.querySelector('[data-suivi]');
if (box) {
  const url = box.getAttribute('data-suivi');
  const tick = async () => {
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (!response.ok) throw new Error(String(response.status));
      const state = await response.json();
      const current = box.querySelector('#etat');
      if (!current || current.getAttribute('data-etape') !== state.stage || current.textContent !== state.message) {
        // The status line is kept and only its text changed, so that the live region announces it.
        const next = document.createElement('div');
        next.innerHTML = state.html;
        const line = next.querySelector('#etat');
        if (current && line) {
          current.textContent = line.textContent;
          for (const a of ['class', 'data-etape', 'data-fini']) current.setAttribute(a, line.getAttribute(a));
          line.remove();
          while (box.lastChild && box.lastChild !== current) box.lastChild.remove();
          box.append(...next.childNodes);
        } else {
          box.innerHTML = state.html;
        }
      }
      if (!state.done) setTimeout(tick, 2000);
    } catch {
      setTimeout(tick, 5000);
    }
  };
  setTimeout(tick, 1000);
}
