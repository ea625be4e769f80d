// Keyboard flow of the moderators' pages. On an item: A admit, M ask for changes, R reject (each ticks the
// decision and moves the focus to what comes next: the submit button for an admission, the reason otherwise;
// Ctrl+Enter in the message sends the form). Everywhere: N takes the next item.
// Progressive enhancement: every action is a plain form without this script.
(function () {
  "use strict";

  var DECISIONS = { a: "ADMIT", m: "REQUEST_CHANGES", r: "REJECT" };
  var NOT_TYPING = { radio: true, checkbox: true, button: true, submit: true, reset: true };

  function typing(target) {
    if (!target || !target.tagName) return false;
    if (target.isContentEditable) return true;
    var tag = target.tagName.toLowerCase();
    if (tag === "textarea" || tag === "select") return true;
    return tag === "input" && !NOT_TYPING[(target.type || "text").toLowerCase()];
  }

  function submit(form) {
    if (form.requestSubmit) form.requestSubmit();
    else form.submit();
  }

  function choose(value) {
    var radio = document.querySelector('input[name="decision"][value="' + value + '"]');
    if (!radio) return false;
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    var next = value === "ADMIT" ? document.getElementById("decide-submit") : document.getElementById("reason");
    if (next) next.focus();
    return true;
  }

  function next() {
    var form = document.getElementById("next-form");
    if (!form) return false;
    submit(form);
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.repeat) return;
    var target = event.target;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && target && target.id === "message") {
      var form = document.getElementById("decision-form");
      if (form) {
        event.preventDefault();
        submit(form);
      }
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (typing(target)) return;
    var key = (event.key || "").toLowerCase();
    var done = DECISIONS[key] ? choose(DECISIONS[key]) : key === "n" && next();
    if (done) event.preventDefault();
  });
})();
