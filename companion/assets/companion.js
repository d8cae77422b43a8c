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
  // The rail (wide screens): notes in the margin, each level with its passage. Compact notes take
  // little room, so a dense page keeps them close; the open note is placed exactly beside its
  // passage and the others make room above and below it.
  var article = document.querySelector(".rc-article"), open = null, GAP = 4;
  function noteOf(id) { return document.getElementById("note_" + id); }
  function pav(values) {  // the closest non-decreasing sequence (least squares): pool adjacent violators
    var blocks = [];
    values.forEach(function (v) {
      blocks.push([v, 1]);
      while (blocks.length > 1 && blocks[blocks.length - 2][0] / blocks[blocks.length - 2][1] >
             blocks[blocks.length - 1][0] / blocks[blocks.length - 1][1]) {
        var last = blocks.pop();
        blocks[blocks.length - 1][0] += last[0];
        blocks[blocks.length - 1][1] += last[1];
      }
    });
    return blocks.reduce(function (out, b) { for (var i = 0; i < b[1]; i++) { out.push(b[0] / b[1]); } return out; }, []);
  }
  function rail() {
    if (!article) { return; }
    var notes = Array.prototype.slice.call(article.querySelectorAll(".rc-note:not(.rc-filtered)"));
    if (article.classList.contains("rc-notes-off")) { notes = []; }
    article.classList.toggle("rc-rail", !narrow.matches);
    if (narrow.matches) { notes.forEach(function (n) { n.style.top = ""; n.classList.remove("rc-open"); }); return; }
    var base = article.getBoundingClientRect().top, offset = 0, active = -1;
    // Each note's wanted top (its passage's first line) as an offset from a pile of the notes above it.
    var items = notes.map(function (note, i) {
      var mark = article.querySelector('mark.rc-claim[data-note="' + note.getAttribute("data-note") + '"]');
      var item = {note: note, want: mark.getClientRects()[0].top - base, h: note.offsetHeight, off: offset};
      offset += item.h + GAP;
      if (note === open) { active = i; }
      return item;
    });
    var wanted = items.map(function (it) { return it.want - it.off; }), z;
    if (active < 0) {
      z = pav(wanted);
    } else {
      var fixed = wanted[active];
      z = pav(wanted.slice(0, active)).map(function (v) { return Math.min(v, fixed); })
        .concat([fixed], pav(wanted.slice(active + 1)).map(function (v) { return Math.max(v, fixed); }));
    }
    var bottom = 0;
    items.forEach(function (it, i) {
      var top = Math.max(z[i] + it.off, i ? bottom + GAP : 0);
      if (i === active) { top = it.want; }
      it.note.style.top = top + "px";
      bottom = top + it.h;
    });
  }
  function openNote(id) {
    var note = noteOf(id);
    if (narrow.matches || !note || note === open) { return; }
    if (open) { open.classList.remove("rc-open"); setOpen(refFor(open.getAttribute("data-note")), false); }
    open = note;
    note.classList.add("rc-open");
    setOpen(refFor(id), true);
    rail();
  }
  function layout() {
    // Wide: every note in the margin, compact until opened. Narrow: folded until its number is pressed.
    refs.forEach(function (ref) { setOpen(ref, false); });
    open = null;
    rail();
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
    if (ref && narrow.matches) { setOpen(ref, true); }
    openNote(id);
    if (scroll) { claim.scrollIntoView({ block: "center" }); }
  }

  refs.forEach(function (ref) {
    ref.addEventListener("click", function () {
      var id = ref.getAttribute("data-note");
      activate(id);
      if (narrow.matches) { setOpen(ref, ref.getAttribute("aria-expanded") !== "true"); } else { openNote(id); }
    });
  });
  if (article) {
    // Focus on a note's marker or inside a note, or a click on a note or its passage, opens that note.
    ["focusin", "click"].forEach(function (type) {
      article.addEventListener(type, function (event) {
        var owner = event.target.closest && event.target.closest(".rc-note, .rc-ref, mark.rc-claim");
        if (owner) { openNote(owner.getAttribute("data-note")); }
      });
    });
    // Anything that changes the page's heights (fonts, a panel opened, a note opened) moves the notes.
    if (window.ResizeObserver) { new ResizeObserver(function () { rail(); }).observe(article.querySelector(".rc-body") || article); }
  }
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
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest("button.rc-cite-toggle");
    if (!toggle) { return; }
    toggle.setAttribute("aria-expanded", toggle.getAttribute("aria-expanded") === "true" ? "false" : "true");
    rail();  // the note grew or shrank: the notes below it make room
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
  // Reader controls: hide all notes, filter them by kind and verdict, step from one to the next.
  // Choices are kept in this browser only (localStorage); without JavaScript every note shows.
  var controls = article && article.querySelector(".rc-controls");
  if (controls) {
    var HIDDEN_KEY = "rc-notes-hidden", FILTER_KEY = "rc-notes-filter";
    var toggle = controls.querySelector(".rc-toggle-notes"), status = controls.querySelector(".rc-controls-status");
    var boxes = Array.prototype.slice.call(controls.querySelectorAll(".rc-note-filter input"));
    var allNotes = Array.prototype.slice.call(article.querySelectorAll(".rc-note"));
    var listed = Array.prototype.slice.call(article.querySelectorAll(".rc-all-notes li"));
    var stored = function (key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } };
    var store = function (key, value) {
      try {
        if (value === null) { window.localStorage.removeItem(key); } else { window.localStorage.setItem(key, value); }
      } catch (e) { /* storage refused: the choice lasts for this page only */ }
    };
    var notesOff = function () { return article.classList.contains("rc-notes-off"); };
    var shown = function () { return allNotes.filter(function (n) { return !n.classList.contains("rc-filtered"); }); };
    var say = function (text) { status.textContent = text; };
    var count = function () {
      say(notesOff() ? "Notes hidden" : shown().length + " of " + allNotes.length + " notes shown");
    };
    var applyFilter = function (remember) {
      var off = boxes.filter(function (box) { return !box.checked; });
      var hides = function (kind, verdict) {
        return off.some(function (box) {
          return box.name === "kind" ? box.value === kind : kind === "fact-check" && box.value === verdict;
        });
      };
      var mark = function (id, out) {
        Array.prototype.forEach.call(article.querySelectorAll('[data-note="' + id + '"]'), function (el) {
          el.classList.toggle("rc-filtered", out);
        });
      };
      allNotes.forEach(function (note) {
        var verdict = note.querySelector(".rc-verdict");
        mark(note.getAttribute("data-note"), hides(note.getAttribute("data-kind"), verdict && verdict.getAttribute("data-verdict")));
      });
      listed.forEach(function (li) { li.hidden = hides(li.getAttribute("data-kind"), li.getAttribute("data-verdict")); });
      if (remember) { store(FILTER_KEY, off.length ? JSON.stringify(off.map(function (b) { return b.name + ":" + b.value; })) : null); }
      if (open && open.classList.contains("rc-filtered")) { open.classList.remove("rc-open"); open = null; }
      rail();
      count();
    };
    var setNotesOff = function (off, remember) {
      article.classList.toggle("rc-notes-off", off);
      if (off) {  // no highlight stays, but for a claim reached by a link (:target)
        Array.prototype.forEach.call(article.querySelectorAll("mark.rc-active"), function (m) { m.classList.remove("rc-active"); });
      }
      toggle.textContent = off ? "Show notes" : "Hide notes";
      Array.prototype.forEach.call(controls.querySelectorAll(".rc-step, .rc-note-filter input"), function (el) { el.disabled = off; });
      if (remember) { store(HIDDEN_KEY, off ? "1" : null); }
      rail();
      count();
    };
    var step = function (direction) {
      if (notesOff()) { return; }
      var list = shown();
      if (!list.length) { say("No note is shown"); return; }
      var focused = document.activeElement && document.activeElement.closest && document.activeElement.closest(".rc-note");
      var i = list.indexOf(focused || (list.indexOf(stepped) >= 0 ? stepped : open));
      if (i < 0) {
        // From where the reader is: the first note whose passage is below the top of the window.
        i = list.findIndex(function (n) {
          return article.querySelector('mark.rc-claim[data-note="' + n.getAttribute("data-note") + '"]').getBoundingClientRect().top > 0;
        });
        if (i < 0) { i = list.length; }
        i = direction > 0 ? i : i - 1;
      } else {
        i += direction;
      }
      if (i < 0 || i >= list.length) { say(direction > 0 ? "That was the last note" : "That was the first note"); return; }
      var note = list[i], id = note.getAttribute("data-note");
      stepped = note;
      activate(id);
      article.querySelector('mark.rc-claim[data-note="' + id + '"]').scrollIntoView({ block: "center" });
      if (narrow.matches) { setOpen(refFor(id), true); } else { openNote(id); }
      note.setAttribute("tabindex", "-1");
      note.focus({ preventScroll: true });
      say("Note " + (i + 1) + " of " + list.length);
    };
    var stepped = null;  // the note last stepped to: a button pressed takes the focus from it
    var saved = [];
    try { saved = JSON.parse(stored(FILTER_KEY) || "[]"); } catch (e) { saved = []; }
    boxes.forEach(function (box) { box.checked = saved.indexOf(box.name + ":" + box.value) === -1; });
    controls.hidden = false;
    setNotesOff(stored(HIDDEN_KEY) === "1", false);
    applyFilter(false);
    toggle.addEventListener("click", function () { setNotesOff(!notesOff(), true); });
    controls.addEventListener("change", function () { applyFilter(true); });
    Array.prototype.forEach.call(controls.querySelectorAll(".rc-step"), function (button) {
      button.addEventListener("click", function () { step(Number(button.getAttribute("data-step"))); });
    });
    document.addEventListener("keydown", function (event) {
      if ((event.key !== "j" && event.key !== "k") || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) { return; }
      var target = event.target;
      if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) { return; }
      event.preventDefault();
      step(event.key === "j" ? 1 : -1);
    });
  }
  if (narrow.addEventListener) { narrow.addEventListener("change", layout); }
  window.addEventListener("hashchange", function () { showTarget(true); });
  layout();
  showTarget(true);
})();
