/* The operator console: category picker, live duplicate and knowledge-base hits, submit paths.
   Citizen text is only ever inserted with textContent, never as HTML. */
(function () {
  "use strict";
  const api = window.hotlineApi;
  const el = api.el;
  const T = JSON.parse(document.getElementById("console-text").textContent);
  const form = document.getElementById("call-form");
  const $ = function (id) { return document.getElementById(id); };
  let categories = [];
  let pickerIndex = -1;
  let idempotencyKey = newKey();

  function newKey() {
    return (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2);
  }
  function debounce(fn, ms) {
    let timer = null;
    return function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }
  function selectedType() { return form.querySelector("input[name=request_type]:checked"); }

  /* ---- category picker ---- */
  async function loadCategories() {
    const result = await api.request("GET", "/api/v1/categories/?level=3&page_size=500");
    categories = result.ok ? result.data.results : [];
  }
  function renderPicker() {
    const query = $("category-search").value.trim();
    const list = $("category-list");
    list.replaceChildren();
    if (!query) { list.hidden = true; return; }
    // Best first: the leaf's own name, then its path, then what people say (keywords); in
    // Chinese or in English (English without regard to case), whichever the operator types.
    const folded = query.toLowerCase();
    function rank(c) {
      const names = [c.name_zh, (c.name_en || "").toLowerCase()];
      const paths = [c.path_zh, (c.path_en || "").toLowerCase()];
      if (names.includes(query) || names.includes(folded)) { return 0; }
      if (names.some(function (n) { return n && (n.includes(query) || n.includes(folded)); })) { return 1; }
      if (paths.some(function (p) { return p && (p.includes(query) || p.includes(folded)); }) || c.code.startsWith(query)) { return 2; }
      return c.keywords.includes(query) ? 3 : 9;
    }
    const hits = categories.map(function (c) { return [rank(c), c]; })
      .filter(function (pair) { return pair[0] < 9; })
      .sort(function (a, b) { return a[0] - b[0]; })
      .map(function (pair) { return pair[1]; })
      .slice(0, 12);
    hits.forEach(function (c, i) {
      const item = el("li", { role: "option", "data-code": c.code, id: "cat-" + c.code, text: c.path + " · " + c.default_tier });
      if (i === pickerIndex) { item.classList.add("active"); item.setAttribute("aria-selected", "true"); }
      item.addEventListener("mousedown", function (event) { event.preventDefault(); pickCategory(c); });
      list.appendChild(item);
    });
    list.hidden = hits.length === 0;
    $("category-search").setAttribute("aria-expanded", String(!list.hidden));
  }
  let chosenDefaultTier = "";
  async function refreshDeadline() {
    const tier = $("tier").value || chosenDefaultTier;
    if (!tier) { $("deadline-hint").textContent = ""; return; }
    const result = await api.request("GET", "/api/v1/deadlines/preview/?tier=" + encodeURIComponent(tier));
    if (!result.ok) { return; }
    const due = new Date(result.data.reply_due);
    $("deadline-hint").textContent = T.reply_due + " " + due.toLocaleString("zh-CN", { hour12: false });
  }
  $("tier").addEventListener("change", refreshDeadline);
  function pickCategory(c) {
    $("category").value = c.code;
    $("category-search").value = c.name;
    $("category-chosen").textContent = c.path + " — " + (c.matter === "departmental" ? T.departmental : T.territorial);
    $("tier").value = c.default_tier;
    chosenDefaultTier = c.default_tier;
    refreshDeadline();
    $("category-list").hidden = true;
    pickerIndex = -1;
    refreshHints();
  }
  $("category-search").addEventListener("input", function () { pickerIndex = 0; renderPicker(); });
  $("category-search").addEventListener("keydown", function (event) {
    const options = $("category-list").querySelectorAll("li");
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!options.length) { return; }
      pickerIndex = (pickerIndex + (event.key === "ArrowDown" ? 1 : options.length - 1)) % options.length;
      renderPicker();
    } else if (event.key === "Enter") {
      event.preventDefault();
      const chosen = options[Math.max(pickerIndex, 0)];
      if (chosen) { pickCategory(categories.find(function (c) { return c.code === chosen.dataset.code; })); }
    } else if (event.key === "Escape") {
      $("category-list").hidden = true;
    }
  });

  /* ---- request type, anonymity, outcome ---- */
  form.querySelectorAll("input[name=request_type]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      $("confidential").checked = radio.dataset.confidential === "1";
      defaultSms();
      refreshHints();
    });
  });
  /* SMS by default to ordinary callers; the operator ticks it for a confidential one who asks. */
  function defaultSms() { $("sms_consent").checked = !$("confidential").checked && !$("anonymous").checked; }
  $("confidential").addEventListener("change", defaultSms);
  $("anonymous").addEventListener("change", function () {
    $("caller_phone").disabled = $("anonymous").checked;
    $("caller_name").disabled = $("anonymous").checked;
    defaultSms();
    refreshHints();
  });
  form.querySelectorAll("input[name=outcome]").forEach(function (radio) {
    radio.addEventListener("change", function () { $("dispose-fields").hidden = radio.value !== "dispose" || !radio.checked; });
  });

  /* ---- live hints: duplicates and knowledge base ---- */
  function hintParams() {
    const params = new URLSearchParams();
    if (!$("anonymous").checked) { params.set("phone", $("caller_phone").value.trim()); }
    params.set("category", $("category").value);
    params.set("address", $("address").value.trim());
    params.set("content", $("content").value.trim());
    if ($("longitude").value && $("latitude").value) {
      params.set("longitude", $("longitude").value);
      params.set("latitude", $("latitude").value);
      params.set("crs", $("crs").value);
    }
    return params;
  }
  let duplicatesAsked = 0;
  let knowledgeAsked = 0;
  async function refreshDuplicates() {
    const list = $("duplicates");
    const asked = ++duplicatesAsked;
    const result = await api.request("GET", "/api/v1/tickets/duplicates/?" + hintParams().toString());
    if (asked !== duplicatesAsked) { return; }  // a later request is under way: show only its answer
    list.replaceChildren();
    const rows = result.ok ? result.data : [];
    if (!rows.length) { list.appendChild(el("li", { className: "muted", text: T.no_duplicates })); return; }
    rows.forEach(function (t) {
      const link = el("a", { href: "/hotline/tickets/" + t.id + "/", target: "_blank", text: t.number });
      const item = el("li", { className: "hit", "data-number": t.number }, [
        el("div", {}, [link, el("span", { className: "muted", text: " · " + t.category_path })]),
        el("div", { className: "reasons", text: t.reasons.join("、") }),
        el("div", { className: "snippet", text: t.content.slice(0, 120) }),
      ]);
      if (t.mergeable) {
        const button = el("button", { type: "button", className: "secondary", text: T.merge });
        button.addEventListener("click", function () { submit({ kind: "merge", master: t.number }); });
        item.appendChild(button);
      }
      list.appendChild(item);
    });
  }
  async function refreshKnowledge() {
    const list = $("knowledge");
    const query = $("content").value.trim() || $("category-search").value.trim();
    const asked = ++knowledgeAsked;
    if (query.length < 2) { list.replaceChildren(el("li", { className: "muted", text: T.type_more })); return; }
    const result = await api.request("GET", "/api/v1/knowledge/search/?q=" + encodeURIComponent(query.slice(0, 200)));
    if (asked !== knowledgeAsked) { return; }
    list.replaceChildren();
    const rows = result.ok ? result.data : [];
    if (!rows.length) { list.appendChild(el("li", { className: "muted", text: T.no_articles })); return; }
    const direct = selectedType() && selectedType().dataset.direct === "1";
    rows.forEach(function (a) {
      const item = el("li", { className: "hit" }, [
        el("strong", { text: a.title }),
        el("div", { className: "snippet", text: a.excerpt }),
      ]);
      if (direct) {
        const button = el("button", { type: "button", className: "secondary", text: T.answer });
        button.addEventListener("click", function () { submit({ kind: "answer", article: a.id }); });
        item.appendChild(button);
      }
      list.appendChild(item);
    });
  }
  let suggestAsked = 0;
  async function refreshSuggestions() {
    const box = $("category-suggestions");
    const text = $("content").value.trim();
    const asked = ++suggestAsked;
    if ($("category").value || text.length < 4) { box.replaceChildren(); return; }
    const result = await api.request("GET", "/api/v1/categories/suggest/?text=" + encodeURIComponent(text.slice(0, 1000)));
    if (asked !== suggestAsked) { return; }
    box.replaceChildren();
    (result.ok ? result.data : []).forEach(function (s) {
      const category = categories.find(function (c) { return c.code === s.category_code; });
      if (!category) { return; }
      const button = el("button", { type: "button", className: "secondary", text: s.category_path + " · " + s.default_tier });
      button.addEventListener("click", function () { pickCategory(category); box.replaceChildren(); });
      box.appendChild(button);
    });
  }
  const refreshHints = debounce(function () { refreshDuplicates(); refreshKnowledge(); refreshSuggestions(); }, 350);
  ["caller_phone", "address", "content", "longitude", "latitude"].forEach(function (id) { $(id).addEventListener("input", refreshHints); });

  /* ---- submit ---- */
  function showErrors(error) {
    form.querySelectorAll("[data-error-for]").forEach(function (node) { node.textContent = ""; });
    const fields = (error && error.fields) || {};
    Object.keys(fields).forEach(function (name) {
      const target = form.querySelector('[data-error-for="' + name + '"]') || form.querySelector('[data-error-for="non_field_errors"]');
      target.textContent = [].concat(fields[name]).join(" ");
    });
    if (error && !error.fields) { form.querySelector('[data-error-for="non_field_errors"]').textContent = error.message || T.failed; }
  }
  function formData() {
    const data = new FormData();
    data.set("channel", "phone");
    data.set("caller_phone", $("anonymous").checked ? "anonymous" : $("caller_phone").value.trim());
    data.set("caller_name", $("anonymous").checked ? "" : $("caller_name").value.trim());
    data.set("request_type", selectedType() ? selectedType().value : "");
    data.set("confidential", $("confidential").checked ? "true" : "false");
    data.set("sms_consent", $("sms_consent").checked ? "true" : "false");
    data.set("category", $("category").value);
    data.set("tier", $("tier").value);
    data.set("address", $("address").value.trim());
    data.set("content", $("content").value);
    if ($("longitude").value || $("latitude").value) {
      data.set("longitude", $("longitude").value);
      data.set("latitude", $("latitude").value);
      data.set("crs", $("crs").value);
    }
    $("tags").value.split(/[,，]/).map(function (t) { return t.trim(); }).filter(Boolean).forEach(function (t) { data.append("tags", t); });
    Array.from($("attachments").files).forEach(function (file) { data.append("attachments", file); });
    return data;
  }
  async function submit(then) {
    const button = $("submit");
    button.disabled = true;
    $("result").textContent = "";
    try {
      // One request: the call and its outcome are saved together, or not at all.
      const data = formData();
      if (then && then.kind === "merge") {
        data.set("master", then.master);
      } else if (then && then.kind === "answer") {
        data.set("article", then.article);
      } else if (form.querySelector("input[name=outcome]:checked").value === "dispose") {
        data.set("disposition", $("disposition").value);
        data.set("reason", $("reason").value);
        data.set("target", $("target").value);
      }
      const created = await api.request("POST", "/api/v1/tickets/", data, { "Idempotency-Key": idempotencyKey });
      if (!created.ok) { showErrors(created.data && created.data.error); return; }
      showErrors(null);
      const ticket = created.data;
      const link = el("a", { href: "/hotline/tickets/" + ticket.id + "/", text: ticket.number });
      const message = then && then.kind === "merge" ? T.merged.replace("%s", then.master) : T.filed;
      $("result").replaceChildren(el("span", { text: message + " " }), link);
      resetForm();
      // Where the eye is after pressing submit: the message beside the button, not the form's top.
      $("result").scrollIntoView({ block: "center" });
    } finally {
      button.disabled = false;
    }
  }
  function resetForm() {
    form.reset();
    $("category").value = "";
    $("category-chosen").textContent = "";
    $("caller_phone").disabled = false;
    $("caller_name").disabled = false;
    $("dispose-fields").hidden = true;
    idempotencyKey = newKey();
    $("caller_phone").focus({ preventScroll: true });
    refreshHints();
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); submit(null); });
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); submit(null); }
  });
  loadCategories();
})();
