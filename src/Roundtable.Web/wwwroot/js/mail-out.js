// The mail-out form: tick all / none / back to the default, a live count of the chosen recipients, and the confirmation
// ("Mail edition N to M recipients") kept true to the edition and recipients chosen: changing either unticks it.
(() => {
  const form = document.getElementById("mail-out");
  if (!form) return;
  const boxes = () => [...form.querySelectorAll('input[name="Form.Include"]')];
  const confirm = form.querySelector('input[name="Form.ConfirmEdition"]');
  const show = (selector, value) => form.querySelectorAll(selector).forEach((el) => { el.textContent = String(value); });
  function refresh(changedChoice) {
    show("[data-count]", boxes().filter((b) => b.checked).length);
    const reachable = boxes().filter((b) => b.checked && b.dataset.email === "true").length;
    show("[data-confirm-count]", reachable);
    show("[data-confirm-plural]", reachable === 1 ? "" : "s");
    const edition = form.querySelector('input[name="Form.Edition"]:checked');
    if (confirm && edition) {
      confirm.value = edition.value;
      show("[data-confirm-edition]", edition.value);
    }
    if (confirm && changedChoice) confirm.checked = false;
  }
  form.addEventListener("click", (e) => {
    const button = e.target instanceof HTMLElement ? e.target.closest("[data-check]") : null;
    if (!button) return;
    const mode = button.dataset.check;
    boxes().forEach((b) => { b.checked = mode === "all" || (mode === "default" && b.dataset.default === "true"); });
    refresh(true);
  });
  form.addEventListener("change", (e) => {
    const name = e.target instanceof HTMLInputElement ? e.target.name : "";
    refresh(name === "Form.Include" || name === "Form.Edition");
  });
})();
