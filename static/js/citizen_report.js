/* The citizen's report form: "Send me a code" asks for the SMS code without leaving the page (the
   button posts the whole form to the same address when script is off), and every answer brings
   a new captcha picture, since each question is answered once. */
(function () {
  "use strict";
  const form = document.getElementById("citizen-report");
  const button = document.getElementById("send-code");
  if (!form || !button) { return; }
  const image = document.getElementById("captcha-image");
  const another = document.getElementById("captcha-new");
  const captcha = document.getElementById("id_captcha");
  const status = document.getElementById("code-status");
  const WAIT_SECONDS = 60;

  function newPicture() {
    image.src = another.dataset.url + "&t=" + Date.now();
    captcha.value = "";
  }

  function wait(seconds) {
    const label = button.textContent;
    button.disabled = true;
    const timer = window.setInterval(function () {
      seconds -= 1;
      if (seconds <= 0) {
        window.clearInterval(timer);
        button.disabled = false;
        button.textContent = label;
        return;
      }
      button.textContent = button.dataset.textWait.replace("{seconds}", seconds);
    }, 1000);
    button.textContent = button.dataset.textWait.replace("{seconds}", seconds);
  }

  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("error", isError);
  }

  another.addEventListener("click", function (event) {
    event.preventDefault();
    newPicture();
  });

  button.addEventListener("click", function (event) {
    event.preventDefault();
    const body = new FormData();
    ["csrfmiddlewaretoken", "phone", "captcha"].forEach(function (name) {
      body.append(name, form.elements[name].value);
    });
    button.disabled = true;
    fetch(button.dataset.url, {
      method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" }
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      newPicture();
      if (answer.ok) {
        say(answer.message, false);
        wait(WAIT_SECONDS);
        document.getElementById("id_code").focus();
        return;
      }
      button.disabled = false;
      const errors = Object.values(answer.errors || {}).flat();
      say(errors.join(" "), true);
    }).catch(function () {
      newPicture();
      button.disabled = false;
      say(button.dataset.textFailed, true);
    });
  });
})();
