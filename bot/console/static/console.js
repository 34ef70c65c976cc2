// The console's only script: no inline code anywhere (the CSP forbids it).
"use strict";

// Parts marked data-poll-url are refreshed in place every data-poll-seconds, so new
// messages and delivery statuses appear without a reload. The server escapes all text.
function poll(element) {
  const seconds = Number(element.dataset.pollSeconds || 10);
  setInterval(async () => {
    if (document.hidden) return;
    try {
      const response = await fetch(element.dataset.pollUrl, {
        credentials: "same-origin",
        headers: { "X-Console-Poll": "1" },
      });
      if (response.status === 401) { window.location.assign("/console/login"); return; }
      if (response.ok) element.innerHTML = await response.text();
    } catch (error) { /* offline for a moment: try again next round */ }
  }, seconds * 1000);
}

// A canned reply fills the reply box; the person's text stays editable before sending.
function canned(select) {
  select.addEventListener("change", () => {
    const option = select.selectedOptions[0];
    const target = document.getElementById(select.dataset.fill);
    if (option && option.dataset.text && target) { target.value = option.dataset.text; target.focus(); }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.documentElement.classList.add("js");
  document.querySelectorAll("[data-poll-url]").forEach(poll);
  document.querySelectorAll("select[data-fill]").forEach(canned);
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
});
