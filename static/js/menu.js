/* The top menu on a phone: a button shows and hides it. Loaded in <head> without defer so the
   "js" class is on <html> before the first paint (the stylesheet collapses the menu only then);
   without script the menu stays a row that scrolls sideways inside the header. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    const button = document.querySelector(".menu-toggle");
    const header = button && button.closest(".topbar");
    if (!header) { return; }
    button.hidden = false;
    function show(open) {
      header.classList.toggle("open", open);
      button.setAttribute("aria-expanded", String(open));
    }
    button.addEventListener("click", function () { show(!header.classList.contains("open")); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("open")) { show(false); button.focus(); }
    });
  });
})();
