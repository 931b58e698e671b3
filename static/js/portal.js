// Shared behaviour, no inline scripts (CSP): confirm before destructive actions.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// Lists become cards on narrow screens (portal.css, table.table-cards): each cell is labelled with its
// column's heading, copied here once so the templates need not repeat it.
document.querySelectorAll("table.table-cards").forEach((table) => {
  const headings = Array.from(table.querySelectorAll("thead th")).map((th) => th.textContent.trim());
  table.querySelectorAll("tbody tr").forEach((row) => {
    Array.from(row.children).forEach((cell, index) => {
      if (!cell.dataset.label && headings[index] && index > 0 && cell.colSpan === 1) {
        cell.dataset.label = headings[index];
      }
    });
  });
});
