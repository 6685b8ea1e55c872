// The unread badge in the top bar follows new notices without a reload: it asks the API for the
// signed-in user's unread count every 30 seconds while the page is visible, and at once when the
// window or tab comes back into view. The count is one indexed query (notification_unread_idx).
(function () {
  "use strict";
  var link = document.getElementById("notification-badge");
  var badge = link && link.querySelector("[data-unread]");
  if (!badge || !link.dataset.unreadUrl) {
    return;
  }
  var EVERY_MS = 30000;
  var asking = false;

  function show(count) {
    badge.textContent = String(count);
    badge.hidden = count <= 0;
  }

  function refresh() {
    if (asking || document.visibilityState === "hidden") {
      return;
    }
    asking = true;
    fetch(link.dataset.unreadUrl, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (body) {
        if (body && typeof body.unread === "number") {
          show(body.unread);
        }
      })
      .catch(function () {
        // Offline or signed out: keep the last count; the next poll tries again.
      })
      .finally(function () {
        asking = false;
      });
  }

  window.setInterval(refresh, EVERY_MS);
  window.addEventListener("focus", refresh);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      refresh();
    }
  });
})();
