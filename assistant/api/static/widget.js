/* The studio's chat widget: one <script src=".../widget.js" data-studio="..."> tag, no build step.
 *
 * It talks to the API it was loaded from (POST /api/chat as server-sent events), renders the
 * structured answer parts (never HTML from the server: every text goes in through textContent),
 * keeps the conversation in sessionStorage across reloads, and queues messages so none is lost.
 */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  if (!script || window.__postureWidget) return;
  window.__postureWidget = true;
  // Where widget.js lives is where the API is, even under a path prefix (a proxy's /assistant/).
  var API = new URL(".", new URL(script.src, location.href)).href.replace(/\/$/, "");
  var KEY = "posture-widget:" + API;
  var SVG = "http://www.w3.org/2000/svg";
  var ICONS = {
    chat: "M4 4h16v12H7l-3 3z",
    close: "M6 6l12 12M18 6L6 18",
    up: "M7 11v9H4v-9zM9 20h8.5l2.5-8V10h-6l1-5-1.5-1L9 10z",
    down: "M7 13V4H4v9zM9 4h8.5L20 12v2h-6l1 5-1.5 1L9 14z",
    send: "M3 20l18-8L3 4v6l12 2-12 2z"
  };

  var state = load();
  var config = null;
  var busy = false;
  var root, panel, log, form, input, counter, status, launcher, live;

  function load() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
      if (saved && Array.isArray(saved.items)) return saved;
    } catch (e) { /* a broken entry starts a new conversation */ }
    return { conversationId: null, items: [], queue: [], open: false };
  }

  function save() {
    try { sessionStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* storage full or blocked */ }
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function icon(name) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  function safeUrl(url) {
    return /^https?:\/\/[^\s<>]+$/.test(url || "") ? url : null;
  }

  function link(text, url, cls) {
    var href = safeUrl(url);
    if (!href) return el("span", cls, text);
    var a = el("a", cls, text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  /* Text with the studio's phone numbers as tel: links (the emergency banner). */
  function withPhones(text, numbers) {
    var frag = document.createDocumentFragment();
    var list = (numbers || []).slice().sort(function (a, b) { return b.length - a.length; });
    if (!list.length) { frag.appendChild(document.createTextNode(text)); return frag; }
    var pattern = new RegExp("(" + list.map(function (n) { return n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); })
      .join("|") + ")", "g");
    text.split(pattern).forEach(function (piece, i) {
      if (i % 2) {
        var a = el("a", "pa-tel", piece);
        a.href = "tel:" + piece.replace(/\s+/g, "");
        frag.appendChild(a);
      } else if (piece) {
        frag.appendChild(document.createTextNode(piece));
      }
    });
    return frag;
  }

  /* Text whose [n] markers become links to the cited article. */
  function withMarkers(text, citations) {
    var frag = document.createDocumentFragment();
    text.split(/\[(\d+)\]/).forEach(function (piece, i) {
      if (i % 2) {
        var c = citations.filter(function (x) { return String(x.n) === piece; })[0];
        frag.appendChild(c ? marker(c) : document.createTextNode("[" + piece + "]"));
      } else if (piece) {
        frag.appendChild(document.createTextNode(piece));
      }
    });
    return frag;
  }

  function marker(c) {
    var a = link("[" + c.n + "]", c.url, "pa-cite");
    a.setAttribute("aria-label", "Source " + c.n + ": " + c.title);
    return a;
  }

  function paragraphs(parent, text) {
    String(text || "").split(/\n\s*\n/).forEach(function (block) {
      if (!block.trim()) return;
      var lines = block.split("\n");
      if (lines.every(function (l) { return /^\s*[-*•]\s+/.test(l) || !l.trim(); })) {
        var ul = el("ul");
        lines.forEach(function (l) { if (l.trim()) ul.appendChild(el("li", null, l.replace(/^\s*[-*•]\s+/, ""))); });
        parent.appendChild(ul);
      } else {
        parent.appendChild(el("p", null, block.replace(/\*\*/g, "")));
      }
    });
  }

  function banner(safety, numbers, emergency) {
    var box = el("div", "pa-banner " + (emergency ? "pa-emergency" : "pa-warning"));
    if (emergency) box.setAttribute("role", "alert");
    var lines = String(safety || "").split("\n");
    var first = el("p", "pa-banner-first");
    first.appendChild(withPhones(lines[0], numbers));
    box.appendChild(first);
    var rest = lines.slice(1).join("\n").trim();
    if (rest) {
      var p = el("p");
      p.appendChild(withPhones(rest.replace(/^\s*-\s+/gm, "• "), numbers));
      box.appendChild(p);
    }
    return box;
  }

  /* ------------------------------------------------------------------ answers */

  function renderAnswer(bubble, a, index) {
    bubble.textContent = "";
    var parts = a.parts || {};
    var numbers = a.phone_numbers || (config && config.phone_numbers) || [];
    var citations = a.citations || [];
    if (a.triage && a.triage.message && (a.is_emergency || a.kind === "safety")) {
      bubble.appendChild(banner(a.triage.message, numbers, true));
    } else if (a.triage && a.triage.message) {
      bubble.appendChild(banner(a.triage.message, numbers, false));
    } else if (parts.safety && parts.safety_kind === "triage") {
      bubble.appendChild(banner(parts.safety, numbers, false));
    }
    if (a.kind === "safety") return finish(bubble, a, index);
    if (parts.small_talk) paragraphs(bubble, parts.small_talk);
    if (parts.acknowledgement) paragraphs(bubble, parts.acknowledgement);
    var direct = parts.direct || [];
    var many = direct.length + (parts.unanswered || []).length > 1;
    direct.forEach(function (d) {
      var block = el("div", "pa-part");
      if (many) block.appendChild(el("p", "pa-question", "“" + d.question + "”"));
      if (d.source === "passage") {
        var from = el("p", "pa-from", "From ");
        from.appendChild(link(d.title, d.section_url || d.url));
        if (d.section) from.appendChild(document.createTextNode(", “" + d.section + "”"));
        from.appendChild(document.createTextNode(":"));
        block.appendChild(from);
      }
      var p = el("p");
      if (d.source === "llm") {
        p.appendChild(withMarkers(d.text, citations));
      } else {
        p.appendChild(document.createTextNode(d.text + " "));
        var c = citations.filter(function (x) { return x.n === d.n; })[0] || { n: d.n, title: d.title, url: d.url };
        // The [n] opens the article at the section quoted, where the site has heading anchors.
        p.appendChild(marker({ n: c.n, title: c.title, url: d.section_url || c.url }));
      }
      block.appendChild(p);
      bubble.appendChild(block);
    });
    (parts.unanswered || []).forEach(function (q) {
      var block = el("div", "pa-part");
      block.appendChild(el("p", "pa-question", "“" + q + "”"));
      block.appendChild(el("p", null, "The articles don't cover that, so I'd rather not guess; the studio can answer it."));
      bubble.appendChild(block);
    });
    if (parts.decline) paragraphs(bubble, parts.decline);
    (parts.notes || []).forEach(function (n) { paragraphs(bubble, n); });
    if (!direct.length && !parts.decline && !parts.small_talk && a.answer && !(a.triage && a.triage.message)) {
      paragraphs(bubble, a.answer);
    }
    if (parts.safety_kind === "line" && parts.safety_link && parts.safety_link.length === 2) {
      var line = el("p", "pa-line", parts.safety + " ");
      line.appendChild(link(parts.safety_link[0], parts.safety_link[1]));
      bubble.appendChild(line);
    } else if (parts.safety_kind === "screening") {
      var box = el("div", "pa-screening");
      box.appendChild(withPhones(parts.safety, numbers));
      var ul = el("ul");
      (parts.screening_questions || []).forEach(function (q) { ul.appendChild(el("li", null, q)); });
      box.appendChild(ul);
      bubble.appendChild(box);
    }
    if (citations.length) {
      var sources = el("div", "pa-sources");
      sources.appendChild(el("p", "pa-sources-title", "Sources"));
      var ol = el("ol");
      citations.forEach(function (c) { var li = el("li"); li.appendChild(link(c.title, c.url)); ol.appendChild(li); });
      sources.appendChild(ol);
      bubble.appendChild(sources);
    }
    if (a.note) bubble.appendChild(el("p", "pa-note", a.note));
    if (a.show_booking && safeUrl(a.booking && a.booking.url)) {
      if (parts.booking) bubble.appendChild(el("p", null, parts.booking));
      bubble.appendChild(link("Book a posture assessment", a.booking.url, "pa-book"));
    }
    return finish(bubble, a, index);
  }

  function finish(bubble, a, index) {
    var tools = el("div", "pa-tools");
    if (!a.is_emergency) {
      var thumbs = el("div", "pa-thumbs");
      thumbs.setAttribute("role", "group");
      thumbs.setAttribute("aria-label", "Was this answer helpful?");
      if (a.voted !== undefined) {
        thumbs.appendChild(el("span", "pa-muted", "Thanks for your feedback."));
      } else {
        [["up", true, "Helpful"], ["down", false, "Not helpful"]].forEach(function (t) {
          var b = el("button", "pa-icon-button");
          b.type = "button";
          b.setAttribute("aria-label", t[2]);
          b.appendChild(icon(t[0]));
          b.addEventListener("click", function () { vote(a, index, t[1], thumbs); });
          thumbs.appendChild(b);
        });
      }
      tools.appendChild(thumbs);
    }
    if (!a.is_emergency) {
      // Never "wait for an email" beside an emergency: the banner's number is the only next step.
      var hand = el("button", "pa-link-button", "Leave your email for " + ((config && config.specialist_name) || "the specialist"));
      hand.type = "button";
      hand.addEventListener("click", function () { handoff(bubble, hand); });
      tools.appendChild(hand);
    }
    bubble.appendChild(tools);
    return bubble;
  }

  function vote(a, index, helpful, thumbs) {
    thumbs.textContent = "";
    thumbs.appendChild(el("span", "pa-muted", "Thanks for your feedback."));
    a.voted = helpful;
    save();
    post("/api/feedback", { conversation_id: a.conversation_id, turn: a.turn, helpful: helpful })
      .catch(function () { /* a lost vote is not worth interrupting the visitor */ });
  }

  function handoff(bubble, button) {
    if (bubble.querySelector(".pa-handoff")) return;
    var lastQuestion = state.items.filter(function (i) { return i.role === "user"; }).slice(-1)[0];
    var f = el("form", "pa-handoff");
    var id = "pa-email-" + Date.now();
    var label = el("label", null, "Your email");
    label.htmlFor = id;
    var email = el("input");
    email.type = "email"; email.id = id; email.required = true; email.autocomplete = "email";
    var noteLabel = el("label", null, "What should " + ((config && config.specialist_name) || "the specialist") + " know?");
    noteLabel.htmlFor = id + "-note";
    var note = el("textarea");
    note.id = id + "-note"; note.rows = 3; note.maxLength = 2000;
    note.value = lastQuestion ? lastQuestion.text.slice(0, 2000) : "";
    var send = el("button", "pa-primary", "Send to the studio");
    send.type = "submit";
    var said = el("p", "pa-muted");
    said.setAttribute("role", "status");
    [label, email, noteLabel, note, send, said].forEach(function (n) { f.appendChild(n); });
    f.addEventListener("submit", function (e) {
      e.preventDefault();
      send.disabled = true;
      post("/api/handoff", { conversation_id: state.conversationId || "none", email: email.value, note: note.value })
        .then(function (r) { return r.json().then(function (body) { return [r.ok, body]; }); })
        .then(function (res) {
          if (res[0]) { f.textContent = ""; f.appendChild(el("p", "pa-done", res[1].message)); }
          else { send.disabled = false; said.textContent = messageOf(res[1], "That email couldn't be saved."); }
        })
        .catch(function () { send.disabled = false; said.textContent = "The studio can't be reached just now. Please try again."; });
    });
    bubble.appendChild(f);
    button.setAttribute("aria-expanded", "true");
    email.focus();
  }

  function messageOf(body, fallback) {
    if (body && body.error) {
      if (body.error.fields && body.error.fields.length && body.error.fields[0].field === "email") {
        return "Please check the email address.";
      }
      return body.error.message || fallback;
    }
    return fallback;
  }

  /* ------------------------------------------------------------------ the conversation */

  function addItem(item) {
    state.items.push(item);
    save();
    return draw(item, state.items.length - 1);
  }

  function draw(item, index) {
    var row = el("div", "pa-row pa-" + item.role);
    var bubble = el("div", "pa-bubble");
    if (item.role === "user") {
      bubble.textContent = item.text;
      if (item.queued) bubble.appendChild(el("span", "pa-queued", " (waiting to send)"));
    } else if (item.role === "assistant") {
      renderAnswer(bubble, item.answer, index);
    } else {
      bubble.appendChild(el("p", null, item.text));
    }
    row.appendChild(bubble);
    log.appendChild(row);
    return row;
  }

  function redraw() {
    log.textContent = "";
    greeting();
    state.items.forEach(function (item, i) { draw(item, i); });
    state.queue.forEach(function (text) { drawQueued(text); });
  }

  function drawQueued(text) {
    var row = el("div", "pa-row pa-user pa-pending");
    var bubble = el("div", "pa-bubble", text);
    bubble.appendChild(el("span", "pa-queued", " (waiting to send)"));
    row.appendChild(bubble);
    log.appendChild(row);
  }

  function greeting() {
    var row = el("div", "pa-row pa-assistant pa-greeting");
    var bubble = el("div", "pa-bubble");
    bubble.appendChild(el("p", null, config.greeting));
    bubble.appendChild(el("p", "pa-muted", "General information from the studio's articles, not medical advice. " +
      "If you have sudden or severe symptoms, call " + (config.phone_numbers[0] || "the emergency number") + "."));
    if (!state.items.length) {
      var list = el("div", "pa-suggestions");
      list.setAttribute("role", "group");
      list.setAttribute("aria-label", "Suggested questions");
      config.suggestions.forEach(function (q) {
        var b = el("button", "pa-chip", q);
        b.type = "button";
        b.addEventListener("click", function () { enqueue(q); });
        list.appendChild(b);
      });
      bubble.appendChild(list);
    }
    row.appendChild(bubble);
    log.appendChild(row);
  }

  function enqueue(text) {
    text = text.trim();
    if (!text) return;
    var chips = log.querySelector(".pa-suggestions");
    if (chips) chips.remove();
    state.queue.push(text);
    save();
    drawQueued(text);
    log.scrollTop = log.scrollHeight;
    pump();
  }

  function pump() {
    if (busy || !state.queue.length) return;
    busy = true;
    // The message stays first in the queue until its answer is in: a reload mid-answer sends it again.
    var text = state.queue[0];
    var pending = log.querySelector(".pa-pending");
    if (pending) pending.remove();
    var userRow = draw({ role: "user", text: text }, -1);
    log.insertBefore(userRow, log.querySelector(".pa-pending"));
    var row = el("div", "pa-row pa-assistant pa-inflight");
    var bubble = el("div", "pa-bubble pa-streaming");
    var typing = el("div", "pa-typing");
    typing.appendChild(el("span", "pa-dot"));
    typing.appendChild(el("span", "pa-dot"));
    typing.appendChild(el("span", "pa-dot"));
    typing.appendChild(el("span", "pa-sr", "The assistant is typing"));
    bubble.appendChild(typing);
    row.appendChild(bubble);
    log.insertBefore(row, userRow.nextSibling);
    status.textContent = "Looking through the articles…";
    log.scrollTop = log.scrollHeight;
    ask(text, bubble).then(function (answer) {
      row.remove();
      state.queue.shift();
      state.items.push({ role: "user", text: text });
      var drawn = addItem({ role: "assistant", answer: answer });
      log.insertBefore(drawn, log.querySelector(".pa-pending"));
      log.scrollTop = Math.max(0, drawn.offsetTop - 8);  // the START of the answer, not its end
      announce(answer);
      done();
    }, function (err) {
      row.remove();
      userRow.remove();
      var first = log.querySelector(".pa-pending");
      var back = el("div", "pa-row pa-user pa-pending");
      var backBubble = el("div", "pa-bubble", text);
      backBubble.appendChild(el("span", "pa-queued", " (waiting to send)"));
      back.appendChild(backBubble);
      log.insertBefore(back, first);
      var note = el("div", "pa-row pa-system");
      var noteBubble = el("div", "pa-bubble", (err && err.message) || "The studio's assistant can't be reached just now.");
      note.appendChild(noteBubble);
      log.appendChild(note);
      if (err && err.retryAfter) {
        // Rate limited: the message keeps its place and is sent by itself when the wait is over.
        noteBubble.appendChild(document.createTextNode(" It will be sent by itself."));
        status.textContent = err.message;
        setTimeout(function () { note.remove(); busy = false; pump(); }, err.retryAfter * 1000);
        return;
      }
      var retry = el("button", "pa-link-button", "Try again");
      retry.type = "button";
      retry.addEventListener("click", function () { note.remove(); busy = false; pump(); });
      noteBubble.appendChild(document.createTextNode(" "));
      noteBubble.appendChild(retry);
      status.textContent = "The message was not sent yet; it is kept.";
    });
  }

  function done() {
    busy = false;
    status.textContent = "";
    pump();
  }

  function announce(answer) {
    // The log is aria-live too, but a short summary is what a screen reader should say first.
    var first = answer.is_emergency ? answer.triage.message.split("\n")[0]
      : ((answer.parts && answer.parts.direct && answer.parts.direct[0] && answer.parts.direct[0].text) || answer.answer || "");
    live.textContent = "";
    setTimeout(function () { live.textContent = "New answer: " + first.slice(0, 300); }, 50);
  }

  function post(path, body) {
    return fetch(API + path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  }

  function ask(text, bubble) {
    return post("/api/chat", { message: text, conversation_id: state.conversationId }).then(function (r) {
      if (!r.ok) {
        return r.json().catch(function () { return {}; }).then(function (body) {
          var err = new Error(messageOf(body, "The studio's assistant can't answer just now."));
          if (r.status === 429) err.retryAfter = parseInt(r.headers.get("Retry-After") || "10", 10);
          throw err;
        });
      }
      return readEvents(r, bubble);
    });
  }

  function readEvents(response, bubble) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var buffer = "";
    var final = null;
    var streamed = null;
    function handle(name, data) {
      if (name === "start") {
        state.conversationId = data.conversation_id;
        save();
        showId();
        if (data.restarted && data.notice) {
          var row = el("div", "pa-row pa-system");
          row.appendChild(el("div", "pa-bubble", data.notice));
          log.insertBefore(row, bubble.parentNode);
        }
      } else if (name === "token") {
        if (!streamed) { bubble.textContent = ""; streamed = el("p"); bubble.appendChild(streamed); }
        streamed.textContent += data.text;
      } else if (name === "safety") {
        bubble.textContent = "";
        bubble.appendChild(banner(data.text, data.phone_numbers, data.is_emergency));
      } else if (name === "part") {
        var p = el("p", "pa-part", data.text);
        bubble.appendChild(p);
      } else if (name === "final") {
        final = data;
      } else if (name === "error") {
        throw new Error(data.message);
      }
    }
    function pumpStream() {
      return reader.read().then(function (chunk) {
        if (chunk.done) {
          if (!final) throw new Error("The answer was cut off. Please send it again.");
          return final;
        }
        buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, "\n");
        var end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          var block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          var name = "message", data = [];
          block.split("\n").forEach(function (line) {
            if (line.indexOf("event:") === 0) name = line.slice(6).trim();
            else if (line.indexOf("data:") === 0) data.push(line.slice(5).replace(/^ /, ""));
          });
          if (data.length) handle(name, JSON.parse(data.join("\n")));
        }
        return pumpStream();
      });
    }
    return pumpStream();
  }

  /* ------------------------------------------------------------------ the frame */

  function showId() {
    var id = root.querySelector(".pa-id");
    // "Your data": the number the studio needs to show or delete what is kept of this conversation.
    if (id) id.textContent = state.conversationId ? "Your data: conversation number " + state.conversationId : "";
  }

  function setOpen(open) {
    state.open = open;
    save();
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    root.classList.toggle("pa-is-open", open);
    if (open) { input.focus(); log.scrollTop = log.scrollHeight; }
    else launcher.focus();
  }

  function updateCounter() {
    var max = config.max_message_chars;
    var n = input.value.length;
    // Shown only near the limit, so it never distracts from a normal question.
    counter.hidden = n < max * 0.8;
    counter.textContent = n.toLocaleString("en-GB") + " / " + max.toLocaleString("en-GB") + " characters";
    counter.classList.toggle("pa-over", n >= max);
  }

  function build() {
    var host = el("div");
    host.id = "posture-assistant-widget";
    document.body.appendChild(host);
    var shadow = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    var css = el("link");
    css.rel = "stylesheet";
    css.href = API + "/widget.css";
    shadow.appendChild(css);
    var name = script.getAttribute("data-studio") || config.studio_name;
    root = el("div", "pa-root");
    root.style.setProperty("--pa-colour", script.getAttribute("data-colour") || config.colour);
    shadow.appendChild(root);

    launcher = el("button", "pa-launcher");
    launcher.type = "button";
    launcher.setAttribute("aria-label", "Chat with " + name);
    launcher.setAttribute("aria-controls", "pa-panel");
    launcher.appendChild(icon("chat"));
    launcher.appendChild(el("span", "pa-launcher-text", "Ask us"));
    launcher.addEventListener("click", function () { setOpen(panel.hidden); });
    root.appendChild(launcher);

    panel = el("section", "pa-panel");
    panel.id = "pa-panel";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", name + " assistant");
    panel.hidden = true;
    var head = el("header", "pa-head");
    head.appendChild(el("h2", "pa-title", name));
    var fresh = el("button", "pa-head-button", "New chat");
    fresh.type = "button";
    fresh.addEventListener("click", function () {
      if (busy) return;
      state = { conversationId: null, items: [], queue: [], open: true };
      save(); redraw(); showId(); input.focus();
    });
    var close = el("button", "pa-head-button pa-close");
    close.type = "button";
    close.setAttribute("aria-label", "Close chat");
    close.appendChild(icon("close"));
    close.addEventListener("click", function () { setOpen(false); });
    head.appendChild(fresh);
    head.appendChild(close);
    panel.appendChild(head);

    log = el("div", "pa-log");
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    log.setAttribute("aria-relevant", "additions");
    log.setAttribute("aria-label", "Conversation");
    log.tabIndex = 0;
    panel.appendChild(log);
    live = el("div", "pa-sr");
    live.setAttribute("aria-live", "assertive");
    live.setAttribute("aria-atomic", "true");
    panel.appendChild(live);

    form = el("form", "pa-form");
    var label = el("label", "pa-sr", "Your question");
    label.htmlFor = "pa-input";
    input = el("textarea", "pa-input");
    input.id = "pa-input";
    input.rows = 2;
    input.maxLength = config.max_message_chars;
    input.placeholder = "Ask about posture, back pain or sciatica";
    counter = el("div", "pa-counter");
    counter.id = "pa-counter";
    counter.setAttribute("aria-live", "polite");
    counter.hidden = true;
    input.setAttribute("aria-describedby", "pa-counter");
    var send = el("button", "pa-send");
    send.type = "submit";
    send.setAttribute("aria-label", "Send");
    send.appendChild(icon("send"));
    input.addEventListener("input", updateCounter);
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); }
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); submit(); });
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(send);
    panel.appendChild(form);
    panel.appendChild(counter);
    status = el("div", "pa-sr");
    status.setAttribute("role", "status");
    panel.appendChild(status);
    var foot = el("footer", "pa-foot");
    foot.appendChild(el("p", "pa-muted", config.privacy));
    foot.appendChild(el("p", "pa-muted pa-id"));
    panel.appendChild(foot);
    panel.addEventListener("keydown", function (e) { if (e.key === "Escape") setOpen(false); });
    root.appendChild(panel);

    redraw();
    showId();
    if (state.open) setOpen(true);
    pump();  // messages queued before a reload are sent now
  }

  function submit() {
    var text = input.value;
    if (!text.trim()) return;
    input.value = "";
    updateCounter();
    enqueue(text);
  }

  fetch(API + "/api/config").then(function (r) { return r.json(); }).then(function (c) {
    config = c;
    if (document.body) build(); else document.addEventListener("DOMContentLoaded", build);
  }).catch(function () { /* the studio's page works without the widget */ });
})();
