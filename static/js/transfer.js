// 导入与导出: a long check or import should not be submitted twice; show that it is working.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.matches(".transfer-upload, .transfer-confirm") || event.defaultPrevented) {
    return;
  }
  const button = form.querySelector("button[type=submit][data-busy-text]");
  if (button) {
    // Disable after the submission has started, so the button's own value is still sent.
    window.setTimeout(() => {
      button.disabled = true;
      button.textContent = button.dataset.busyText;
    }, 0);
  }
});
