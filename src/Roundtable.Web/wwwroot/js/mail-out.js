// The mail-out form: tick all / none / back to the default, and a live count of the chosen recipients.
(() => {
  const form = document.getElementById("mail-out");
  if (!form) return;
  const boxes = () => [...form.querySelectorAll('input[name="Form.Include"]')];
  const count = () => { const n = form.querySelector("[data-count]"); if (n) n.textContent = String(boxes().filter((b) => b.checked).length); };
  form.addEventListener("click", (e) => {
    const button = e.target instanceof HTMLElement ? e.target.closest("[data-check]") : null;
    if (!button) return;
    const mode = button.dataset.check;
    boxes().forEach((b) => { b.checked = mode === "all" || (mode === "default" && b.dataset.default === "true"); });
    count();
  });
  form.addEventListener("change", count);
})();
