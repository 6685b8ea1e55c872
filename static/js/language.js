// The language menu in the top bar switches as soon as a language is picked (no inline handler:
// the Content-Security-Policy allows scripts from our static files only).
document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
  select.addEventListener("change", function () {
    select.form.submit();
  });
});
