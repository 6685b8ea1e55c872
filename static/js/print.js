/* The ticket's print view: the button opens the browser's print dialog (A4, static/css/print.css). */
(function () {
  "use strict";
  const button = document.getElementById("print-button");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
})();
