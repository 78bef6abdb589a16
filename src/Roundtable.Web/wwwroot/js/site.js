// Confirm destructive actions without inline handlers (the CSP forbids them); a form marked data-once is sent once
// (a double click sends one mailing; the server refuses a repeat too).
document.addEventListener("submit", (e) => {
  const form = e.target;
  if (!(form instanceof HTMLFormElement)) {
    return;
  }
  if ((form.dataset.confirm && !window.confirm(form.dataset.confirm)) || form.dataset.sending) {
    e.preventDefault();
    return;
  }
  if (form.hasAttribute("data-once")) {
    form.dataset.sending = "1";
  }
});
// A page shown again with Back may be sent again.
window.addEventListener("pageshow", () => {
  document.querySelectorAll("form[data-sending]").forEach((f) => delete f.dataset.sending);
});
// Buttons that print the page.
document.addEventListener("click", (e) => {
  if (e.target instanceof HTMLElement && e.target.matches("[data-print]")) {
    window.print();
  }
});
// The top menu folds behind its button on a narrow screen (site.css, .menu-ready); without this script it wraps.
// Escape closes it and gives the focus back to the button.
(() => {
  const topbar = document.querySelector(".topbar");
  const toggle = topbar ? topbar.querySelector(".menu-toggle") : null;
  if (!topbar || !toggle) return;
  const open = (yes) => {
    toggle.setAttribute("aria-expanded", String(yes));
    topbar.classList.toggle("menu-open", yes);
  };
  topbar.classList.add("menu-ready");
  toggle.addEventListener("click", () => open(toggle.getAttribute("aria-expanded") !== "true"));
  topbar.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && topbar.classList.contains("menu-open")) {
      open(false);
      toggle.focus();
    }
  });
})();
// A table wider than its box scrolls inside it (.table-wrap), as does a panel marked data-scroll-region: while it
// scrolls, keyboard users can focus it to scroll with the arrow keys, and screen readers hear it named as a region
// (its own label, the table's caption, or the heading above it).
(() => {
  const regions = () => document.querySelectorAll(".table-wrap, [data-scroll-region]");
  const nameOf = (box) => {
    const table = box.querySelector("table");
    const own = box.getAttribute("aria-label") || (table && (table.getAttribute("aria-label") || (table.caption && table.caption.textContent)));
    if (own) return own.trim();
    for (let el = box; el && el !== document.body; el = el.parentElement) {
      for (let s = el.previousElementSibling; s; s = s.previousElementSibling) {
        const h = s.matches("h1, h2, h3") ? s : Array.from(s.querySelectorAll("h1, h2, h3")).pop();
        if (h && h.textContent.trim()) return h.textContent.trim();
      }
    }
    return "Table";
  };
  const mark = () => regions().forEach((box) => {
    const scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      if (!box.hasAttribute("aria-label")) {
        box.setAttribute("aria-label", nameOf(box));
        box.dataset.named = "";
      }
      box.dataset.scrolling = "";
    } else if (!scrolls && box.hasAttribute("data-scrolling")) {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      if (box.hasAttribute("data-named")) {
        box.removeAttribute("aria-label");
        box.removeAttribute("data-named");
      }
      box.removeAttribute("data-scrolling");
    }
  });
  mark();
  let pending = 0;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(mark);
  });
})();
