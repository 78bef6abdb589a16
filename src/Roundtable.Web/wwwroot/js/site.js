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
