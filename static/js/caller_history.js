/* The operator console's caller history: once the phone field holds a full number, the caller's
   earlier tickets (newest first) from /api/v1/tickets/caller-history/. Citizen text goes in with
   textContent only. */
(function () {
  "use strict";
  const api = window.hotlineApi;
  const el = api.el;
  const T = JSON.parse(document.getElementById("console-text").textContent);
  const phone = document.getElementById("caller_phone");
  const anonymous = document.getElementById("anonymous");
  const list = document.getElementById("caller-history");
  // The shapes hotline.caller.phone_normalise accepts, enough to tell a number typed in full.
  const MOBILE = /^(?:\+86|0086|86)?1[3-9][0-9]{9}$/;
  const LANDLINE = /^(?:(?:\+86|0086|86)0?|0)(?:10|2[0-9]|[3-9][0-9]{2})[0-9]{7,8}(?:#[0-9]{1,6})?$/;
  let asked = 0;
  let shown = null;

  function complete(value) {
    const compact = value.replace(/[\s\-()]/g, "").replace(/转|分机|ext\.?/i, "#");
    return MOBILE.test(compact) || LANDLINE.test(compact) ? compact : "";
  }
  function note(text) { list.replaceChildren(el("li", { className: "muted", text: text })); }

  async function refresh() {
    const number = anonymous.checked ? "" : complete(phone.value.trim());
    if (number === shown) { return; }
    shown = number;
    const mine = ++asked;
    if (!number) { note(T.history_type_full); return; }
    const result = await api.request("GET", "/api/v1/tickets/caller-history/?phone=" + encodeURIComponent(number));
    if (mine !== asked) { return; }  // the number changed meanwhile: show only the latest answer
    const rows = result.ok ? result.data : [];
    if (!rows.length) { note(T.history_none); return; }
    list.replaceChildren();
    rows.forEach(function (t) {
      const when = new Date(t.received_at).toLocaleDateString();
      list.appendChild(el("li", { className: "hit", "data-number": t.number }, [
        el("div", {}, [
          el("a", { href: "/hotline/tickets/" + t.id + "/", target: "_blank", text: t.number }),
          el("span", { className: "muted", text: " · " + when + " · " + t.status_label }),
        ]),
        el("div", { className: "muted", text: t.category_path }),
        el("div", { className: "snippet", text: t.summary }),
      ]));
    });
  }
  phone.addEventListener("input", refresh);
  anonymous.addEventListener("change", refresh);
  document.getElementById("call-form").addEventListener("reset", function () { setTimeout(refresh, 0); });
})();
