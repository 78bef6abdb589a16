// Tabs without page loads: a link with data-tab shows the panel of that id and hides its siblings.
document.querySelectorAll("[data-tabs]").forEach((nav) => {
  nav.addEventListener("click", (e) => {
    const link = e.target instanceof Element ? e.target.closest("[data-tab]") : null;
    if (!link) return;
    e.preventDefault();
    nav.querySelectorAll("[data-tab]").forEach((a) => a.classList.toggle("active", a === link));
    document.querySelectorAll("[data-panel]").forEach((p) => { p.hidden = p.id !== link.dataset.tab; });
  });
});
