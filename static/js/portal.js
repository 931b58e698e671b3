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

// A section reached by an anchor (the street office's 工作完成情况, a part of its dashboard) is the one the
// sidebar marks when the address names it; the server cannot see the anchor.
const markAnchoredSection = () => {
  const nav = document.querySelector(".portal-sidenav");
  if (!nav || !window.location.hash) return;
  const here = window.location.pathname + window.location.hash;
  const links = Array.from(nav.querySelectorAll("a.nav-link"));
  const link = links.find((a) => a.getAttribute("href") === here);
  if (!link) return;
  links.forEach((a) => {
    a.classList.remove("active");
    a.removeAttribute("aria-current");
  });
  link.classList.add("active");
  link.setAttribute("aria-current", "location");
};
markAnchoredSection();
window.addEventListener("hashchange", markAnchoredSection);
