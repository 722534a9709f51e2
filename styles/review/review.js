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
    if (from === source) follow.level(source, first, documentPane, block);
    else follow.level(documentPane, block, source, first);
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
  // pairs positions are interpolated, so either pane can lead and the other follows smoothly. Lines
  // and blocks out of view have estimated heights until they are first shown (content-visibility in
  // the CSS), so the pairs are measured afresh for every move, and for a few frames after it the
  // follower is put right again as what it now shows takes its real size. A pane moved by the
  // script remembers where it was put, so that its own scroll event, which only echoes the move,
  // does not make it lead.
  const follow = (() => {
    const placed = new Map();
    let leader = null;
    let task = null; // what to redo while newly shown lines and blocks take their sizes
    let frames = 0;
    let frame = 0;

    function pairs(from) {
      const found = [[0, 0]];
      for (const block of blocks) {
        const first = line(block.dataset.f);
        if (first) found.push([first.offsetTop, block.offsetTop]);
      }
      found.push([source.scrollHeight, documentPane.scrollHeight]);
      return found.sort((a, b) => a[from] - b[from]);
    }

    function interpolate(sorted, from, to, y) {
      let low = 0;
      let high = sorted.length - 1;
      while (high - low > 1) {
        const middle = (low + high) >> 1;
        if (sorted[middle][from] <= y) low = middle;
        else high = middle;
      }
      const [a, b] = [sorted[low], sorted[high]];
      const span = b[from] - a[from];
      return a[to] + (span > 0 ? ((y - a[from]) / span) * (b[to] - a[to]) : 0);
    }

    function move(pane, top) {
      if (Math.abs(pane.scrollTop - top) < 1) return;
      pane.scrollTop = top;
      placed.set(pane, pane.scrollTop);
    }

    function repeat(work) {
      task = work;
      frames = 4;
      if (!frame) frame = requestAnimationFrame(step);
    }

    function step() {
      frame = 0;
      task();
      if (--frames > 0) frame = requestAnimationFrame(step);
      else leader = null;
    }

    function scrolled(pane) {
      if (placed.has(pane) && Math.abs(placed.get(pane) - pane.scrollTop) < 1) return;
      placed.delete(pane);
      if (leader && leader !== pane) return; // the follower settling, not the reader
      leader = pane;
      const other = pane === source ? documentPane : source;
      const [from, to] = pane === source ? [0, 1] : [1, 0];
      repeat(() => {
        const eye = pane.clientHeight / 3;
        move(other, interpolate(pairs(from), from, to, pane.scrollTop + eye) - eye);
      });
    }

    // Move `pane` so that `element` stands level with `anchor` in `fixed`.
    function level(fixed, anchor, pane, element) {
      leader = fixed;
      repeat(() => move(pane, element.offsetTop - (anchor.offsetTop - fixed.scrollTop)));
      task();
    }

    source.addEventListener("scroll", () => scrolled(source), { passive: true });
    documentPane.addEventListener("scroll", () => scrolled(documentPane), { passive: true });
    return { move, level };
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
