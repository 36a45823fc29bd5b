// Follows a running import: updates the progress bar, and reloads the page when it ends.
(function () {
  "use strict";
  const section = document.getElementById("import-progress");
  if (!section) return;
  const bar = document.getElementById("import-progress-bar");
  const text = document.getElementById("import-progress-text");
  const template = text.textContent.replace(/\d+/, "{done}").replace(/\d+/, "{total}");

  function poll() {
    fetch(section.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (progress) {
        if (!progress.running) {
          window.location.reload();
          return;
        }
        bar.max = progress.total;
        bar.value = progress.done;
        text.textContent = template.replace("{done}", progress.done).replace("{total}", progress.total);
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
