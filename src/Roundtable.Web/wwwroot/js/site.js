// Confirm destructive actions without inline handlers (the CSP forbids them).
document.addEventListener("submit", (e) => {
  const form = e.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    e.preventDefault();
  }
});
// Buttons that print the page.
document.addEventListener("click", (e) => {
  if (e.target instanceof HTMLElement && e.target.matches("[data-print]")) {
    window.print();
  }
});
