// Resident picker (templates/outreach/_picker.html): a ticked search result moves into the
// selected list; Enter in the search box searches instead of submitting the form.
document.addEventListener("change", (event) => {
  const input = event.target;
  const picker = input.closest(".resident-picker");
  if (!picker || !input.closest(".picker-results")) return;
  const selected = picker.querySelector(".picker-selected");
  const chip = input.closest(".picker-chip");
  const empty = selected.querySelector(".picker-empty");
  if (empty) empty.remove();
  if (picker.dataset.kind === "radio") {
    selected.querySelectorAll(".picker-chip").forEach((old) => old.remove());
  } else if (selected.querySelector(`input[value="${input.value}"]`)) {
    chip.remove();
    return;
  }
  chip.classList.replace("btn-outline-secondary", "btn-outline-danger");
  selected.appendChild(chip);
});

document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && event.target.classList.contains("picker-search")) {
    event.preventDefault();
  }
});

// After a refused save the search box keeps its text: show its results again.
document.addEventListener("htmx:load", () => {
  document.querySelectorAll(".picker-search").forEach((input) => {
    if (input.value && !input.dataset.searched) {
      input.dataset.searched = "1";
      window.htmx.trigger(input, "search");
    }
  });
});
