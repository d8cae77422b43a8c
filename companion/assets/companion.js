/* Reading companion: progressive enhancement only. Without JavaScript every note is open. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("rc-js");
  var narrow = window.matchMedia("(max-width: 76.1875em)");
  var refs = Array.prototype.slice.call(document.querySelectorAll(".rc-ref"));

  function setOpen(ref, open) {
    ref.setAttribute("aria-expanded", open ? "true" : "false");
  }
  function refFor(id) {
    return document.querySelector('.rc-ref[data-note="' + id + '"]');
  }
  function layout() {
    // Wide: every note is visible in the margin. Narrow: folded until its number is pressed.
    refs.forEach(function (ref) { setOpen(ref, !narrow.matches); });
    showTarget(false);
  }
  function activate(id) {
    Array.prototype.forEach.call(document.querySelectorAll("mark.rc-active"), function (m) { m.classList.remove("rc-active"); });
    Array.prototype.forEach.call(document.querySelectorAll('mark.rc-claim[data-note="' + id + '"]'), function (m) { m.classList.add("rc-active"); });
  }
  function showTarget(scroll) {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) { return; }
    var claim = document.getElementById(id);
    if (!claim || !claim.classList.contains("rc-claim")) { return; }
    activate(id);
    var ref = refFor(id);
    if (ref) { setOpen(ref, true); }
    if (scroll) { claim.scrollIntoView({ block: "center" }); }
  }

  refs.forEach(function (ref) {
    ref.addEventListener("click", function () {
      var id = ref.getAttribute("data-note");
      activate(id);
      if (narrow.matches) { setOpen(ref, ref.getAttribute("aria-expanded") !== "true"); }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !narrow.matches) { return; }
    var inside = event.target.closest && event.target.closest(".rc-note, .rc-ref");
    if (!inside) { return; }
    var id = inside.getAttribute("data-note");
    var ref = refFor(id);
    if (ref && ref.getAttribute("aria-expanded") === "true") {
      setOpen(ref, false);
      ref.focus();
    }
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.rc-permalink");
    if (!link || !navigator.clipboard) { return; }
    var url = location.href.split("#")[0] + link.getAttribute("href");
    navigator.clipboard.writeText(url).then(function () {
      link.setAttribute("data-copied", "true");
      link.textContent = "Link copied";
    }, function () {});
  });
  // Preview of the other claim on hover, keyboard focus or tap; Esc closes it.
  var preview = null;
  function closePreview(returnFocus) {
    if (!preview) { return; }
    var owner = preview.owner;
    preview.remove();
    preview = null;
    owner.removeAttribute("aria-describedby");
    if (returnFocus) { owner.focus(); }
  }
  function openPreview(link) {
    if (preview && preview.owner === link) { return; }
    closePreview(false);
    var entry = link.closest(".rc-link-entry");
    if (!entry) { return; }
    preview = document.createElement("div");
    preview.className = "rc-preview";
    preview.id = "rc-preview";
    preview.setAttribute("role", "tooltip");
    var passage = document.createElement("span");
    passage.className = "rc-preview-passage";
    passage.textContent = entry.querySelector(".rc-link-quote").textContent;
    preview.appendChild(passage);
    var other = entry.querySelector(".rc-link-preview");
    if (other) {
      var text = document.createElement("span");
      text.innerHTML = other.innerHTML;  // our own server-rendered, escaped HTML
      preview.appendChild(text);
    }
    preview.owner = link;
    document.body.appendChild(preview);
    var box = link.getBoundingClientRect();
    var left = Math.max(8, Math.min(box.left + scrollX, scrollX + document.documentElement.clientWidth - preview.offsetWidth - 8));
    preview.style.left = left + "px";
    preview.style.top = (box.bottom + scrollY + 6) + "px";
    link.setAttribute("aria-describedby", "rc-preview");
  }
  Array.prototype.forEach.call(document.querySelectorAll(".rc-link-entry a.rc-link"), function (link) {
    link.addEventListener("mouseenter", function () { openPreview(link); });
    link.addEventListener("mouseleave", function () { closePreview(false); });
    link.addEventListener("focus", function () { openPreview(link); });
    link.addEventListener("blur", function () { closePreview(false); });
    link.addEventListener("touchstart", function (event) {
      // First tap previews; a second tap on the same link follows it.
      if (!preview || preview.owner !== link) { event.preventDefault(); openPreview(link); }
    }, { passive: false });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && preview) { closePreview(true); }
  }, true);
  // Timeline filter: by entry type and by article. Without JavaScript the form stays hidden.
  var filter = document.querySelector("form.rc-filter");
  if (filter) {
    filter.hidden = false;
    var applyFilter = function () {
      var types = Array.prototype.filter.call(filter.querySelectorAll('input[name="type"]'), function (box) {
        return box.checked;
      }).map(function (box) { return box.value; });
      var article = filter.querySelector('select[name="article"]').value;
      var shown = 0;
      Array.prototype.forEach.call(document.querySelectorAll(".rc-timeline-page .rc-event"), function (entry) {
        var visible = types.indexOf(entry.getAttribute("data-type")) !== -1 &&
          (!article || (" " + entry.getAttribute("data-articles") + " ").indexOf(" " + article + " ") !== -1);
        entry.hidden = !visible;
        if (visible) { shown += 1; }
      });
      Array.prototype.forEach.call(document.querySelectorAll(".rc-year"), function (year) {
        year.hidden = !year.querySelector(".rc-event:not([hidden])");
      });
      filter.querySelector(".rc-filter-status").textContent = shown + " entries shown";
    };
    filter.addEventListener("change", applyFilter);
    filter.addEventListener("submit", function (event) { event.preventDefault(); });
  }
  if (narrow.addEventListener) { narrow.addEventListener("change", layout); }
  window.addEventListener("hashchange", function () { showTarget(true); });
  layout();
  showTarget(true);
})();
