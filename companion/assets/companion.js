/* Reading companion: progressive enhancement only. Without JavaScript every note is open. */
(() => {
  "use strict";
  var root = document.documentElement;
  root.classList.add("rc-js");
  var all = (selector, from) => [...(from || document).querySelectorAll(selector)];  // every match, as an array
  var one = (selector, from) => (from || document).querySelector(selector);
  var narrow = window.matchMedia("(max-width: 76.1875em)");
  var refs = all(".rc-ref");

  function setOpen(ref, open) {
    ref.setAttribute("aria-expanded", open ? "true" : "false");
  }
  function refFor(id) {
    return one('.rc-ref[data-note="' + id + '"]');
  }
  // The rail (wide screens): notes in the margin, each level with its passage. Compact notes take
  // little room, so a dense page keeps them close; the open note is placed exactly beside its
  // passage and the others make room above and below it.
  var article = one(".rc-article"), open = null, GAP = 4;
  function noteOf(id) { return document.getElementById("note_" + id); }
  function pav(values) {  // the closest non-decreasing sequence (least squares): pool adjacent violators
    var blocks = [];
    values.forEach(v => {
      blocks.push([v, 1]);
      while (blocks.length > 1 && blocks[blocks.length - 2][0] / blocks[blocks.length - 2][1] >
             blocks[blocks.length - 1][0] / blocks[blocks.length - 1][1]) {
        var last = blocks.pop();
        blocks[blocks.length - 1][0] += last[0];
        blocks[blocks.length - 1][1] += last[1];
      }
    });
    return blocks.reduce((out, b) => { for (var i = 0; i < b[1]; i++) { out.push(b[0] / b[1]); } return out; }, []);
  }
  function rail() {
    if (!article) { return; }
    var notes = all(".rc-note:not(.rc-filtered)", article);
    if (article.classList.contains("rc-notes-off")) { notes = []; }
    article.classList.toggle("rc-rail", !narrow.matches);
    if (narrow.matches) { notes.forEach(n => { n.style.top = ""; n.classList.remove("rc-open"); }); return; }
    if (!one(".rc-body", article).getClientRects().length) { return; }  // the text is not shown (Print my answers)
    var base = article.getBoundingClientRect().top, offset = 0, active = -1;
    // Each note's wanted top (its passage's first line) as an offset from a pile of the notes above it.
    var items = notes.map((note, i) => {
      var mark = one('mark.rc-claim[data-note="' + note.dataset.note + '"]', article);
      var item = {note: note, want: mark.getClientRects()[0].top - base, h: note.offsetHeight, off: offset};
      offset += item.h + GAP;
      if (note === open) { active = i; }
      return item;
    });
    var wanted = items.map(it => it.want - it.off), z;
    if (active < 0) {
      z = pav(wanted);
    } else {
      var fixed = wanted[active];
      z = pav(wanted.slice(0, active)).map(v => Math.min(v, fixed))
        .concat([fixed], pav(wanted.slice(active + 1)).map(v => Math.max(v, fixed)));
    }
    var bottom = 0;
    items.forEach((it, i) => {
      var top = Math.max(z[i] + it.off, i ? bottom + GAP : 0);
      if (i === active) { top = it.want; }
      it.note.style.top = top + "px";
      bottom = top + it.h;
    });
  }
  function openNote(id) {
    var note = noteOf(id);
    if (narrow.matches || !note || note === open) { return; }
    if (open) { open.classList.remove("rc-open"); setOpen(refFor(open.dataset.note), false); }
    open = note;
    note.classList.add("rc-open");
    setOpen(refFor(id), true);
    rail();
  }
  function layout() {
    // Wide: every note in the margin, compact until opened. Narrow: folded until its number is pressed.
    refs.forEach(ref => { setOpen(ref, false); });
    open = null;
    rail();
    showTarget(false);
  }
  function activate(id) {
    all("mark.rc-active").forEach(m => { m.classList.remove("rc-active"); });
    all('mark.rc-claim[data-note="' + id + '"]').forEach(m => { m.classList.add("rc-active"); });
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

  refs.forEach(ref => {
    ref.addEventListener("click", () => {
      var id = ref.dataset.note;
      activate(id);
      if (narrow.matches) { setOpen(ref, ref.getAttribute("aria-expanded") !== "true"); } else { openNote(id); }
    });
  });
  if (article) {
    // Focus on a note's marker or inside a note, or a click on a note or its passage, opens that note.
    ["focusin", "click"].forEach(type => {
      article.addEventListener(type, event => {
        var owner = event.target.closest && event.target.closest(".rc-note, .rc-ref, mark.rc-claim");
        if (owner) { openNote(owner.dataset.note); }
      });
    });
    // Anything that changes the page's heights (fonts, a panel opened, a note opened) moves the notes.
    if (window.ResizeObserver) { new ResizeObserver(() => { rail(); }).observe(one(".rc-body", article) || article); }
  }
  document.addEventListener("keydown", event => {
    if (event.key !== "Escape" || !narrow.matches) { return; }
    var inside = event.target.closest && event.target.closest(".rc-note, .rc-ref");
    if (!inside) { return; }
    var id = inside.dataset.note;
    var ref = refFor(id);
    if (ref && ref.getAttribute("aria-expanded") === "true") {
      setOpen(ref, false);
      ref.focus();
    }
  });
  document.addEventListener("click", event => {
    var link = event.target.closest && event.target.closest("a.rc-permalink");
    if (!link || !navigator.clipboard) { return; }
    var url = location.href.split("#")[0] + link.getAttribute("href");
    navigator.clipboard.writeText(url).then(() => {
      link.setAttribute("data-copied", "true");
      link.textContent = "Link copied";
    }, () => {});
  });
  document.addEventListener("click", event => {
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
    passage.textContent = one(".rc-link-quote", entry).textContent;
    preview.appendChild(passage);
    var other = one(".rc-link-preview", entry);
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
  all(".rc-link-entry a.rc-link").forEach(link => {
    link.addEventListener("mouseenter", () => { openPreview(link); });
    link.addEventListener("mouseleave", () => { closePreview(false); });
    link.addEventListener("focus", () => { openPreview(link); });
    link.addEventListener("blur", () => { closePreview(false); });
    link.addEventListener("touchstart", event => {
      // First tap previews; a second tap on the same link follows it.
      if (!preview || preview.owner !== link) { event.preventDefault(); openPreview(link); }
    }, { passive: false });
  });
  document.addEventListener("keydown", event => {
    if (event.key === "Escape" && preview) { closePreview(true); }
  }, true);
  // Timeline filter: by entry type and by article. Without JavaScript the form stays hidden.
  var filter = one("form.rc-filter");
  if (filter) {
    filter.hidden = false;
    var applyFilter = () => {
      var types = all('input[name="type"]', filter).filter(box => {
        return box.checked;
      }).map(box => box.value);
      var article = one('select[name="article"]', filter).value;
      var shown = 0;
      all(".rc-timeline-page .rc-event").forEach(entry => {
        var visible = types.indexOf(entry.dataset.type) !== -1 &&
          (!article || (" " + entry.dataset.articles + " ").indexOf(" " + article + " ") !== -1);
        entry.hidden = !visible;
        if (visible) { shown += 1; }
      });
      all(".rc-year").forEach(year => {
        year.hidden = !one(".rc-event:not([hidden])", year);
      });
      one(".rc-filter-status", filter).textContent = shown + " entries shown";
    };
    filter.addEventListener("change", applyFilter);
    filter.addEventListener("submit", event => { event.preventDefault(); });
  }
  // Reader controls: hide all notes, filter them by kind and verdict, step from one to the next.
  // Choices are kept in this browser only (localStorage); without JavaScript every note shows.
  var controls = article && one(".rc-controls", article);
  if (controls) {
    var HIDDEN_KEY = "rc-notes-hidden", FILTER_KEY = "rc-notes-filter";
    var toggle = one(".rc-toggle-notes", controls), status = one(".rc-controls-status", controls);
    var boxes = all(".rc-note-filter input", controls);
    var allNotes = all(".rc-note", article);
    var listed = all(".rc-all-notes li", article);
    var stored = key => { try { return window.localStorage.getItem(key); } catch (e) { return null; } };
    var store = (key, value) => {
      try {
        if (value === null) { window.localStorage.removeItem(key); } else { window.localStorage.setItem(key, value); }
      } catch (e) { /* storage refused: the choice lasts for this page only */ }
    };
    var notesOff = () => article.classList.contains("rc-notes-off");
    var shown = () => { return allNotes.filter(n => !n.classList.contains("rc-filtered")); };
    var say = text => { status.textContent = text; };
    var count = () => {
      say(notesOff() ? "Notes hidden" : shown().length + " of " + allNotes.length + " notes shown");
    };
    var applyFilter = remember => {
      var off = boxes.filter(box => !box.checked);
      var hides = (kind, verdict) => {
        return off.some(box => {
          // While the reader tests themself, a filter by verdict would give the verdicts away.
          return box.name === "kind" ? box.value === kind : kind === "fact-check" && box.value === verdict &&
            !article.classList.contains("rc-quiz-on");
        });
      };
      var mark = (id, out) => {
        all('[data-note="' + id + '"]', article).forEach(el => {
          el.classList.toggle("rc-filtered", out);
        });
      };
      allNotes.forEach(note => {
        var verdict = one(".rc-verdict", note);
        mark(note.dataset.note, hides(note.dataset.kind, verdict && verdict.dataset.verdict));
      });
      listed.forEach(li => { li.hidden = hides(li.dataset.kind, li.dataset.verdict); });
      if (remember) { store(FILTER_KEY, off.length ? JSON.stringify(off.map(b => b.name + ":" + b.value)) : null); }
      if (open && open.classList.contains("rc-filtered")) { open.classList.remove("rc-open"); open = null; }
      rail();
      count();
    };
    var setNotesOff = (off, remember) => {
      article.classList.toggle("rc-notes-off", off);
      if (off) {  // no highlight stays, but for a claim reached by a link (:target)
        all("mark.rc-active", article).forEach(m => { m.classList.remove("rc-active"); });
      }
      toggle.textContent = off ? "Show notes" : "Hide notes";
      all(".rc-step, .rc-note-filter input", controls).forEach(el => { el.disabled = off; });
      if (remember) { store(HIDDEN_KEY, off ? "1" : null); }
      rail();
      count();
    };
    var step = direction => {
      if (notesOff()) { return; }
      var list = shown();
      if (!list.length) { say("No note is shown"); return; }
      var focused = document.activeElement && document.activeElement.closest && document.activeElement.closest(".rc-note");
      var i = list.indexOf(focused || (list.indexOf(stepped) >= 0 ? stepped : open));
      if (i < 0) {
        // From where the reader is: the first note whose passage is below the top of the window.
        i = list.findIndex(n => {
          return one('mark.rc-claim[data-note="' + n.dataset.note + '"]', article).getBoundingClientRect().top > 0;
        });
        if (i < 0) { i = list.length; }
        i = direction > 0 ? i : i - 1;
      } else {
        i += direction;
      }
      if (i < 0 || i >= list.length) { say(direction > 0 ? "That was the last note" : "That was the first note"); return; }
      var note = list[i], id = note.dataset.note;
      stepped = note;
      activate(id);
      one('mark.rc-claim[data-note="' + id + '"]', article).scrollIntoView({ block: "center" });
      if (narrow.matches) { setOpen(refFor(id), true); } else { openNote(id); }
      note.setAttribute("tabindex", "-1");
      note.focus({ preventScroll: true });
      say("Note " + (i + 1) + " of " + list.length);
    };
    var stepped = null;  // the note last stepped to: a button pressed takes the focus from it
    var saved = [];
    try { saved = JSON.parse(stored(FILTER_KEY) || "[]"); } catch (e) { saved = []; }
    boxes.forEach(box => { box.checked = saved.indexOf(box.name + ":" + box.value) === -1; });
    controls.hidden = false;
    setNotesOff(stored(HIDDEN_KEY) === "1", false);
    applyFilter(false);
    toggle.addEventListener("click", () => { setNotesOff(!notesOff(), true); });
    controls.addEventListener("change", () => { applyFilter(true); });
    all(".rc-step", controls).forEach(button => {
      button.addEventListener("click", () => { step(Number(button.dataset.step)); });
    });
    document.addEventListener("keydown", event => {
      if ((event.key !== "j" && event.key !== "k") || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) { return; }
      var target = event.target;
      if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) { return; }
      event.preventDefault();
      step(event.key === "j" ? 1 : -1);
    });
    // Test yourself: each fact-check's verdict and each known outcome of a prediction wait behind
    // the reader's own choice; the answers are kept in this browser only, per article.
    var quizToggle = one(".rc-quiz-toggle", controls);
    if (quizToggle) {
      var QUIZ_KEY = "rc-quiz:" + article.dataset.slug;
      var choices = one("template.rc-quiz-choices", controls).content;
      var summary = one(".rc-quiz-summary", article);
      var quiz = {on: false, answers: {}};
      try { quiz = JSON.parse(stored(QUIZ_KEY)) || quiz; } catch (e) { /* a damaged entry starts afresh */ }
      var items = allNotes.map(note => {
        var badge = one(".rc-verdict, .rc-outcome", note), kind = badge && badge.className.slice(3);
        var value = badge && badge.getAttribute("data-" + kind);
        return value && value !== "pending" && {note: note, id: note.dataset.note, value: value,
          group: one('[data-kind="' + kind + '"]', choices)};
      }).filter(Boolean);
      var named = (item, value) => {
        return one('input[value="' + value + '"]', item.group).parentNode.textContent.trim();
      };
      var saveQuiz = () => { store(QUIZ_KEY, JSON.stringify(quiz)); };
      var drawQuiz = () => {
        var list = one("ol", summary), matched = 0, answered = 0;
        article.classList.toggle("rc-quiz-on", quiz.on);
        quizToggle.setAttribute("aria-pressed", String(quiz.on));
        summary.hidden = !quiz.on;
        list.textContent = "";
        items.forEach(item => {
          var old = one(".rc-quiz, .rc-quiz-result", item.note), head = one(".rc-note-head", item.note);
          var mine = quiz.answers[item.id], number = head.dataset.num, el;
          if (old) { old.remove(); }
          item.note.classList.toggle("rc-asking", quiz.on && !mine);
          if (!quiz.on) { return; }
          if (mine) {
            answered += 1;
            matched += mine === item.value ? 1 : 0;
            el = document.createElement("span");
            el.className = "rc-quiz-result";
            el.tabIndex = -1;
            el.setAttribute("data-match", String(mine === item.value));
            el.textContent = "You said: " + named(item, mine) + ". The companion: " + named(item, item.value) +
              (one(".rc-note-text", item.note) ? ", because" : ".");
            var li = list.appendChild(document.createElement("li")), passage = one('.rc-all-notes li[data-note="' + item.id + '"] span[lang]', article);
            li.textContent = "Note " + number + (passage ? ", on “" + passage.textContent + "”" : "") + ": you said " +
              named(item, mine) + "; the companion, " + named(item, item.value) + (mine === item.value ? " (a match)." : " (not a match).");
          } else {
            el = item.group.cloneNode(true);
            el.setAttribute("aria-label", el.getAttribute("aria-label") + ", note " + number);
            all("input", el).forEach(input => { input.name = "rc-quiz-" + item.id; });
            one("button", el).addEventListener("click", () => {
              var picked = one("input:checked", el);
              if (!picked) { say("Choose an answer first"); return; }
              quiz.answers[item.id] = picked.value;
              saveQuiz();
              drawQuiz();
              one(".rc-quiz-result", item.note).focus({ preventScroll: true });  // where the reader just was
            });
          }
          head.after(el);
        });
        one(".rc-quiz-score", summary).textContent = answered + " of " + items.length + " answered, " + matched + " matching the companion.";
        applyFilter(false);
      };
      quizToggle.addEventListener("click", () => {
        quiz.on = !quiz.on;
        if (quiz.on) { setNotesOff(false, true); }
        saveQuiz();
        drawQuiz();
      });
      one(".rc-quiz-clear", summary).addEventListener("click", () => {
        quiz.answers = {};
        saveQuiz();
        drawQuiz();
      });
      one(".rc-quiz-print", summary).addEventListener("click", () => {
        root.classList.add("rc-print-quiz");  // the print stylesheet then prints the answers alone
        window.print();
      });
      window.addEventListener("afterprint", () => { root.classList.remove("rc-print-quiz"); });
      drawQuiz();
    }
  }
  // Opened from disk (file://), a folder's address shows a listing, not its page: lead our links to index.html.
  if (location.protocol === "file:") {
    all("a[href]").forEach(a => {
      var m = /^([^:?#]*)([?#].*)?$/.exec(a.getAttribute("href")), path = m && m[1];
      if (path && !/^\/\//.test(path) && /(^|\/)(\.\.?)?$/.test(path)) {
        a.setAttribute("href", path + (/\/$/.test(path) ? "" : "/") + "index.html" + (m[2] || ""));
      }
    });
  }
  // A reading path's bar, on the article one of its steps opened (?path=<id>&step=<n>).
  var query = new URLSearchParams(location.search), bar = one('.rc-path-bar[data-path="' + CSS.escape(query.get("path") || "") +
    '"][data-step="' + CSS.escape(query.get("step") || "") + '"]');
  if (bar) { bar.hidden = false; }
  if (narrow.addEventListener) { narrow.addEventListener("change", layout); }
  window.addEventListener("hashchange", () => { showTarget(true); });
  layout();
  showTarget(true);
})();
