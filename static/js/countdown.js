/* Countdowns coloured by the share of time left: green, amber under a quarter, red when overdue. */
(function () {
  "use strict";
  const T = JSON.parse((document.getElementById("countdown-text") || { textContent: "{}" }).textContent || "{}");
  function format(ms) {
    const minutes = Math.floor(Math.abs(ms) / 60000);
    const days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60), mins = minutes % 60;
    return (days ? days + (T.d || "d") : "") + hours + (T.h || "h") + mins + (T.m || "m");
  }
  function tick() {
    const now = Date.now();
    document.querySelectorAll(".countdown[data-due]").forEach(function (node) {
      const due = Date.parse(node.dataset.due), start = Date.parse(node.dataset.start) || due;
      const left = due - now, share = (due - start) > 0 ? left / (due - start) : 0;
      node.textContent = left >= 0 ? (T.left || "left ") + format(left) : (T.over || "overdue ") + format(left);
      node.classList.toggle("late", left < 0);
      node.classList.toggle("soon", left >= 0 && share < 0.25);
      node.classList.toggle("fine", share >= 0.25);
    });
  }
  tick();
  setInterval(tick, 1000);
})();
