// The review page's behaviour: a block and its source lines are shown together, and the two panes
// scroll in step. Everything the script needs is in the page: each source line is #L<number> with
// data-b = the first block of the group that took it; each block is #B<index> with data-f/data-l =
// its first and last source line.
(() => {
  "use strict";
  const source = document.getElementById("source");
  const documentPane = document.getElementById("document");
  const blocks = Array.from(documentPane.querySelectorAll(".b"));
  const lines = new Map(Array.from(source.querySelectorAll(".l"), (line) => [line.id, line]));
  let selected = [];

  const line = (number) => lines.get("L" + number);
  const groupOf = (block) => {
    const first = line(block.dataset.f);
    return first && first.dataset.b !== undefined ? first.dataset.b : block.id.slice(1);
  };

  // A block and the source lines it came from, highlighted; the other pane brought level with it.
  function select(block, from) {
    for (const element of selected) element.classList.remove("sel", "hl");
    selected = [];
    const group = groupOf(block);
    const members = blocks.filter((other) => groupOf(other) === group);
    for (const member of members) member.classList.add("sel");
    selected.push(...members);
    for (let number = +block.dataset.f; number > 0 && number <= +block.dataset.l; number++) {
      const element = line(number);
      if (element && element.dataset.b === group) {
        element.classList.add("hl");
        selected.push(element);
      }
    }
    const first = line(block.dataset.f);
    if (!first) return;
    if (from === source) {
      follow.move(documentPane, block.offsetTop - (first.offsetTop - source.scrollTop));
    } else {
      follow.move(source, first.offsetTop - (block.offsetTop - documentPane.scrollTop));
    }
  }

  documentPane.addEventListener("click", (event) => {
    const block = event.target.closest(".b");
    if (block) select(block, documentPane);
  });
  source.addEventListener("click", (event) => {
    const element = event.target.closest(".l");
    const block = element && element.dataset.b !== undefined && document.getElementById("B" + element.dataset.b);
    if (block) select(block, source);
  });

  // Scrolling in step: each block pairs the top of its first source line with its own top; between
  // pairs positions are interpolated, so either pane can lead and the other follows smoothly. A
  // pane moved by the script remembers where it was put, so that its own scroll event, which only
  // echoes the move, does not make it lead.
  const follow = (() => {
    let bySource = [];
    let byDocument = [];
    const placed = new Map();
    let frame = 0;

    function measure() {
      const pairs = [[0, 0]];
      for (const block of blocks) {
        const first = line(block.dataset.f);
        if (first) pairs.push([first.offsetTop, block.offsetTop]);
      }
      pairs.push([source.scrollHeight, documentPane.scrollHeight]);
      bySource = pairs.slice().sort((a, b) => a[0] - b[0]);
      byDocument = pairs.slice().sort((a, b) => a[1] - b[1]);
    }

    function interpolate(pairs, from, to, y) {
      let low = 0;
      let high = pairs.length - 1;
      while (high - low > 1) {
        const middle = (low + high) >> 1;
        if (pairs[middle][from] <= y) low = middle;
        else high = middle;
      }
      const [a, b] = [pairs[low], pairs[high]];
      const span = b[from] - a[from];
      return a[to] + (span > 0 ? ((y - a[from]) / span) * (b[to] - a[to]) : 0);
    }

    function move(pane, top) {
      pane.scrollTop = top;
      placed.set(pane, pane.scrollTop);
    }

    function scrolled(pane) {
      if (placed.has(pane) && Math.abs(placed.get(pane) - pane.scrollTop) < 1) return;
      placed.delete(pane);
      if (frame) cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        frame = 0;
        const other = pane === source ? documentPane : source;
        const [pairs, from, to] = pane === source ? [bySource, 0, 1] : [byDocument, 1, 0];
        const eye = pane.clientHeight / 3;
        move(other, interpolate(pairs, from, to, pane.scrollTop + eye) - eye);
      });
    }

    source.addEventListener("scroll", () => scrolled(source), { passive: true });
    documentPane.addEventListener("scroll", () => scrolled(documentPane), { passive: true });
    window.addEventListener("resize", measure);
    measure();
    if (document.fonts) document.fonts.ready.then(measure);
    return { move, measure };
  })();

  // A link to a source line (the summary's, or the page's address) selects that line's block.
  function goToHash() {
    const element = lines.get(location.hash.slice(1));
    if (!element) return;
    const block = element.dataset.b !== undefined && document.getElementById("B" + element.dataset.b);
    follow.move(source, element.offsetTop - source.clientHeight / 3);
    if (block) select(block, source);
  }
  window.addEventListener("hashchange", goToHash);
  if (location.hash) goToHash();
})();
