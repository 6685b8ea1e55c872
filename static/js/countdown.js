/* Countdowns coloured by the share of time left: green, amber under a quarter, red when overdue.
   The words come from dispatch/countdown.py through the page's "countdown-text" JSON. */
(function () {
  "use strict";
  const T = Object.assign(
    { left: "%(time)s left", over: "overdue by %(time)s", d: "%(n)s d ", h: "%(n)s h ", m: "%(n)s min" },
    JSON.parse((document.getElementById("countdown-text") || { textContent: "{}" }).textContent || "{}")
  );
  function format(ms) {
    const minutes = Math.floor(Math.abs(ms) / 60000);
    const days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60), mins = minutes % 60;
    const parts = [];
    if (days) { parts.push(T.d.replace("%(n)s", days)); }
    if (days || hours) { parts.push(T.h.replace("%(n)s", hours)); }
    parts.push(T.m.replace("%(n)s", mins));
    return parts.join("");
  }
  function tick() {
    const now = Date.now();
    document.querySelectorAll(".countdown[data-due]").forEach(function (node) {
      const due = Date.parse(node.dataset.due), start = Date.parse(node.dataset.start) || due;
      const left = due - now, share = (due - start) > 0 ? left / (due - start) : 0;
      node.textContent = (left >= 0 ? T.left : T.over).replace("%(time)s", format(left));
      node.classList.toggle("late", left < 0);
      node.classList.toggle("soon", left >= 0 && share < 0.25);
      node.classList.toggle("fine", share >= 0.25);
    });
  }
  tick();
  setInterval(tick, 1000);
})();
