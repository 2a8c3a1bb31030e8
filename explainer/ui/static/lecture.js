/* RNN Explainer's lecture tools (see explainer/ui/links.py and scenes.py).

   - The URL follows the page: a view's tab or input changed by the user rewrites the query
     (history.replaceState, no reload); a state the server applied (a link, a scene) writes the
     canonical query it sent in the scene bar (data-query).
   - On Hugging Face Spaces the app is an iframe (https://OWNER-NAME.hf.space) in the Hub's page
     (https://huggingface.co/spaces/OWNER/NAME). The Hub hands its page's query string to the
     iframe when the page opens, and a Space may set the Hub page's query by posting
     {queryString, hash} to window.parent with the target origin https://huggingface.co
     (huggingface.co/docs/hub/spaces-handle-url-parameters; hub-docs PR #1160; the example Space
     whitphx/static-url-param-sync-example). Framed by the Hub, the page posts each new query
     there, and "Copy link" and the QR code give the Hub page's address with the query (the
     address a visitor sees and shares; the Hub hands the query on, so it opens the same state),
     never the Hub's per-visitor __sign. Elsewhere they give this page's own address. Whether
     the Hub also listens to a Gradio Space's message is not documented (only static and Docker
     Spaces are); Gradio's own client posts to the same origin for a *.hf.space host.
   - Keys: PageDown / n next scene, PageUp / p previous (what presentation clickers send); the
     player keeps ← → space. Never while the user types in a box.
   - Presenter mode (?present=1, or its button) and high contrast (?contrast=1): classes on
     <html> that lecture.css reads; a scene's figure fills the window under the bar: a plot is
     drawn again at that height with its text at least 18 px (720 px high; 24 px at 1080), an
     HTML figure is zoomed (up to 1.4x per 720 px of window height), and the few taller than a window are laid out to fit.
   The server computes everything; nothing here sends a request of its own. */
(() => {
  "use strict";
  if (window.RnnLecture) return;
  const root = document.documentElement;
  const MODES = { present: "rnn-present", contrast: "rnn-contrast" };
  // an HTML figure (text, tables) grows at most this much: 1.4x at 720 px high, more above
  const maxZoom = () => 1.4 * Math.max(1, window.innerHeight / 720);

  const isTyping = (el) => !!el && (el.isContentEditable ||
    ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) && !["range", "checkbox", "radio", "button"]
      .includes((el.type || "").toLowerCase()));

  // ---- the URL ----------------------------------------------------------------------------
  let query = new URLSearchParams(location.search);
  for (const [key, cls] of Object.entries(MODES)) root.classList.toggle(cls, query.get(key) === "1");

  /** The query of the state shown (`q` without the mode flags), with the modes on. */
  function withModes(q) {
    const params = new URLSearchParams(q);
    // Gradio's and the Hub's own parameters (__theme=dark, __sign) stay as they were
    for (const [key, value] of new URLSearchParams(location.search)) {
      if (key.startsWith("__") && !params.has(key)) params.set(key, value);
    }
    for (const [key, cls] of Object.entries(MODES)) {
      params.delete(key);
      if (root.classList.contains(cls)) params.set(key, "1");
    }
    return params;
  }

  function setQuery(q) {
    query = withModes(q);
    const text = query.toString();
    history.replaceState(history.state, "", text ? `?${text}` : location.pathname);
    const parent = hubFrame();
    if (parent) {                       // on Spaces: keep the Hub page's address in step
      const shared = shareable(query);
      window.parent.postMessage({ queryString: shared ? `?${shared}` : "" }, parent);
    }
    root.dataset.rnnQuery = text;
  }

  /** The Hub this app runs on ({origin, space}: the server's SPACE_ID, links.py) as the scene
      bar says; null when it runs elsewhere. */
  let hub = null;

  /** The Hub's origin when this page is the iframe of the Hub's Space page, else null. The
      embedder's origin: location.ancestorOrigins (Chromium, Safari), else the referrer. */
  function hubFrame() {
    if (!hub || window.parent === window) return null;
    let parent = location.ancestorOrigins?.[0];
    if (!parent && document.referrer) {
      try { parent = new URL(document.referrer).origin; } catch (error) { parent = null; }
    }
    return parent === hub.origin ? parent : null;
  }

  /** The query to share: this app's parameters and __theme, never the Hub's per-visitor ones
      (__sign, a token for this visitor). */
  function shareable(q) {
    const params = withModes(q);
    for (const key of [...params.keys()]) if (key.startsWith("__") && key !== "__theme") params.delete(key);
    return params.toString();
  }

  /** The link of the state shown: the Hub page's address when framed by it, else this page's
      own (on Spaces opened directly, the *.hf.space one), with the state's query. */
  function link() {
    const text = shareable(query);
    const base = hubFrame() ? `${hub.origin}/spaces/${hub.space}` : `${location.origin}${location.pathname}`;
    return `${base}${text ? `?${text}` : ""}`;
  }

  /** A view's tab or input changed by the user: spec {view, params: [[name, words, default,
      text box's elem_id or null, shift]], buttons: {elem_id: [names shown, names hidden]}},
      values in the same order. Only values other than the default go into the URL. */
  const lastValues = {};       // view -> the values Gradio last sent for it
  function viewState(spec, values, fromTab = false) {
    lastValues[spec.view] = values;
    // a tab the server selected (a link, a scene) fires select too: only a person's click counts
    if (fromTab && performance.now() - tabClicked > 2000) return;
    // after the last keystroke: a box is read when typing pauses (Gradio may drop a trigger
    // that comes while the one before is still pending)
    clearTimeout(typing[spec.view]);
    typing[spec.view] = setTimeout(() => {
      // the URL tells the view on screen: a late call for a view left since is dropped
      if (!visible(document.getElementById(`tab-${spec.view}`))) return;
      const params = new URLSearchParams({ view: spec.view });
      if (spec.view === "paradigms") {
        const tab = document.querySelector("#paradigm-tabs [role=tab][aria-selected=true]");
        const key = tab && tab.id.replace(/^paradigm-/, "").replace(/-button$/, "");
        if (key && key !== "one-to-one") params.set("paradigm", key);
      }
      spec.params.forEach(([name, words, fallback, box, shift], i) => {
        const typed = box && document.querySelector(`#${box} textarea, #${box} input`);
        const value = typed ? typed.value : values[i];
        if (value === undefined || hidden[spec.view]?.has(name)) return;
        if (!pinned[spec.view]?.has(name) && JSON.stringify(value) === JSON.stringify(fallback)) return;
        // shift: a word picker's value counts from 0, its labels (and the URL) from 1
        params.set(name, words[JSON.stringify(value)] ?? String(shift ? Number(value) + shift : value));
      });
      setQuery(params);
      delete root.dataset.rnnScene;
    }, 250);
  }
  const typing = {};           // view -> its pending URL update

  /** Two events that write the same panel on a click (the translation's what-ifs; the specs'
      buttons: [names shown, names hidden]): the URL names the one shown, even at its defaults,
      and not the other, so that the link opens what the page shows. */
  const pinned = {}, hidden = {};   // view -> Set of parameter names
  function pin(view, shown, rivals) {
    pinned[view] = new Set([...(pinned[view] || []), ...shown].filter((n) => !rivals.includes(n)));
    hidden[view] = new Set([...(hidden[view] || []), ...rivals].filter((n) => !shown.includes(n)));
  }
  function pinFor(target) {       // a click on a what-if's button, or Enter in its text box
    if (!target.closest) return;
    for (const spec of Object.values(specs())) {
      for (const [id, group] of Object.entries(spec.buttons || {})) {
        if (!target.closest(`#${id}`)) continue;
        pin(spec.view, ...group);
        viewState(spec, lastValues[spec.view] || spec.params.map(([, , fallback]) => fallback));
      }
    }
  }
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("button[id]");
    if (button) pinFor(button);
  }, true);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && event.target.matches &&
        event.target.matches("textarea, input[type=text]")) pinFor(event.target);
  }, true);

  /** Typing in a view's text box: Gradio's input event can lag a keystroke or drop one, so the
      page listens itself (the specs: links.py, #lecture-specs) and reads the box. */
  document.addEventListener("input", (event) => {
    const box = event.target;
    if (!box.matches || !box.matches("textarea, input[type=text]")) return;
    for (const spec of Object.values(specs())) {
      if (spec.params.some(([, , , id]) => id && box.closest(`#${id}`))) {
        viewState(spec, lastValues[spec.view] || spec.params.map(([, , fallback]) => fallback));
      }
    }
  }, true);

  const specs = () => {
    const data = document.querySelector("#lecture-specs .rnn-specs");
    return data ? JSON.parse(data.textContent) : {};
  };

  let tabClicked = -Infinity;  // when a person last clicked (or pressed Enter on) a tab
  document.addEventListener("click", (event) => {
    const tab = event.target.closest && event.target.closest("[role=tab]");
    if (!tab) return;
    tabClicked = performance.now();
    // one of the app's own tabs: its view goes into the URL (Gradio's select event may lag)
    const spec = specs()[(tab.id.match(/^tab-(.+)-button$/) || [])[1]];
    if (spec) viewState(spec, lastValues[spec.view] || spec.params.map(([, , fallback]) => fallback));
  }, true);

  // ---- scenes -----------------------------------------------------------------------------
  const visible = (el) => !!el && el.getClientRects().length > 0 && el.offsetHeight > 0;
  const frames = (n) => new Promise((resolve) => {
    const tick = () => (n-- <= 0 ? resolve() : requestAnimationFrame(tick));
    tick();
  });

  /** A scene's figure: an elem_id, optionally with a selector inside it (scenes.py). */
  const figureOf = (id) => document.querySelector(`#${id}`);

  async function waitVisible(id, ms = 4000) {
    const end = performance.now() + ms;
    for (;;) {
      const el = figureOf(id);
      if (visible(el)) return el;
      if (performance.now() > end) return null;
      await frames(2);
    }
  }

  /** The scene bar's height: once the page scrolls it sticks at the top of the window. */
  function barHeight() {
    const bar = document.getElementById("scene-bar");
    return bar ? bar.getBoundingClientRect().height : 0;
  }

  /** The smallest text a figure may show in presenter mode, in px of the window: 18 px at
      720 px high, growing with the window (its height over 40) up to the body's 24 px. */
  const figureFont = () => Math.max(16, Math.min(24, window.innerHeight / 40));

  /** The rendered size (px of the window) of the smallest text drawn by plotly in `graph`:
      its font-size times its scale on screen (box on screen over its own box). */
  function smallestPlotText(graph) {
    let smallest = Infinity;
    for (const text of graph.querySelectorAll(".main-svg text")) {
      if (!text.textContent.trim() || text.closest(".hoverlayer")) continue;
      const r = text.getBoundingClientRect();
      let b;
      try { b = text.getBBox(); } catch (error) { continue; }
      if (!r.width || !r.height || !b.width || !b.height) continue;
      const scale = Math.sqrt((r.width * r.height) / (b.width * b.height));
      smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize) * scale);
    }
    return smallest;
  }

  /** The font-size (px, before zoom) of the smallest text of an HTML figure. */
  function smallestHtmlText(el) {
    let smallest = Infinity;
    for (const node of el.querySelectorAll("*")) {
      if (node.closest("svg") || ![...node.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
      if (!node.getClientRects().length) continue;
      smallest = Math.min(smallest, parseFloat(getComputedStyle(node).fontSize));
    }
    return smallest;
  }

  /** A copy of a plotly layout, trace or frame with every font size times `s` (font, tickfont,
      textfont, title.font, annotations' and templates' fonts alike), and the markers that hold
      a text (a diagram's nodes: mode "markers+text") grown with it, and annotations' pixel
      offsets (xshift, yshift) with them. */
  function scaledFonts(value, s) {
    if (Array.isArray(value)) return value.map((v) => scaledFonts(v, s));
    if (!value || typeof value !== "object" || ArrayBuffer.isView(value)) return value;
    const times = (size) => (Array.isArray(size) || ArrayBuffer.isView(size)
      ? Array.from(size, (x) => x * s) : typeof size === "number" ? size * s : size);
    const out = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = scaledFonts(v, s);
      if (/font$/i.test(key) && out[key] && typeof out[key] === "object" && "size" in out[key]) {
        out[key].size = times(out[key].size);
      }
      // a label set off from a node by so many pixels moves out as the node grows
      if ((key === "xshift" || key === "yshift") && typeof v === "number") out[key] = v * s;
    }
    const mode = String(value.mode || "");
    if (mode.includes("text") && mode.includes("markers") && out.marker && "size" in out.marker) {
      out.marker.size = times(out.marker.size);
    }
    if (mode) out.cliponaxis = false;   // larger nodes and labels at the axes' ends stay whole
    return out;
  }

  /** The figure as its view drew it (kept on the graph when presenter mode first redrew it;
      a new figure from the server since replaces the kept one). */
  function original(graph) {
    if (graph.rnnPresented && graph.layout === graph.rnnPresented.layout) return graph.rnnOriginal;
    const frames = graph._transitionData?._frames || [];
    graph.rnnOriginal = {
      data: structuredClone(graph.data), layout: structuredClone(graph.layout),
      frames: frames.map((f) => ({ data: structuredClone(f.data), layout: structuredClone(f.layout) })),
      font: graph._fullLayout?.font?.size || 12, top: graph._fullLayout?.margin?.t ?? 80,
    };
    graph.rnnPresented = null;
    return graph.rnnOriginal;
  }

  /** Redraw a plot with its fonts times `s` at `height` px (null: as drawn), its axes' margins
      grown to their larger labels. A player's frames get the same fonts, so that playing
      keeps them. */
  async function present(graph, s, height) {
    const kept = original(graph);
    const layout = scaledFonts(kept.layout, s);
    layout.font = { ...(layout.font || {}), size: kept.font * s };
    for (const key of Object.keys(graph._fullLayout || {})) {
      if (/^[xy]axis\d*$/.test(key)) layout[key] = { ...(layout[key] || {}), automargin: true };
    }
    layout.margin = { ...(layout.margin || {}), t: Math.round(kept.top * Math.min(s, 1.6)) };
    if (height) { layout.height = height; delete layout.width; layout.autosize = true; }
    const frames = graph._transitionData?._frames || [];
    kept.frames.forEach((f, i) => {
      if (!frames[i]) return;
      frames[i].data = scaledFonts(f.data, s);
      frames[i].layout = scaledFonts(f.layout, s);
    });
    const data = scaledFonts(kept.data, s);
    if (frames.length) {
      await window.Plotly.react(graph, data, layout);
    } else {
      // drawn afresh: a react over a figure the view replaced kept a stale clip of its subplots
      // (the exploding-gradient bars ran past their axis after the vanishing scene's plot)
      const context = graph._context || {};
      const config = Object.fromEntries(["responsive", "displayModeBar", "displaylogo", "scrollZoom",
        "staticPlot", "showTips"].filter((key) => key in context).map((key) => [key, context[key]]));
      window.Plotly.purge(graph);
      await window.Plotly.newPlot(graph, data, layout, config);
    }
    let drawn = layout;
    for (let i = 0; i < 3 && graph.layout === drawn; i++) {   // what larger text made collide,
      const next = declutter(graph, drawn);                     // moved apart
      if (!next) break;
      await window.Plotly.react(graph, data, next);
      drawn = next;
    }
    // the view drew a new figure meanwhile (gr.Plot's own react): stale, fitted again
    graph.rnnPresented = graph.layout === drawn ? { layout: drawn, s } : null;
  }

  /** The changes a plot drawn with larger text needs (a new layout), or null when none:
      - a title wider than the plot gets smaller, down to the figure font, then breaks onto two
        lines (plotly does not wrap a title);
      - a vertical axis whose ticks are closer than 1.8 lines of their text gets fewer (a log
        axis one label every few powers of ten, a linear one at most as many as fit);
      - a legend below the plot that overlaps the horizontal axis's labels moves down under them. */
  function declutter(graph, layout) {
    const full = graph._fullLayout;
    if (!full) return null;
    const next = { ...layout };
    let changed = false;
    const title = graph.querySelector(".gtitle");
    const room = graph.getBoundingClientRect().width - 24;
    const wide = title ? title.getBoundingClientRect().width : 0;
    const size = full.title?.font?.size;
    if (wide > room && size && typeof layout.title?.text === "string") {
      next.title = { ...layout.title, font: { ...(layout.title.font || {}) } };
      const fitted = size * room / wide;
      if (fitted >= figureFont()) {
        next.title.font.size = fitted;
      } else {
        const text = layout.title.text;
        const spaces = [...text.matchAll(/ /g)].map((m) => m.index);
        const cut = spaces.sort((a, b) => Math.abs(a - text.length / 2) - Math.abs(b - text.length / 2))[0];
        if (cut !== undefined) next.title.text = `${text.slice(0, cut)}<br>${text.slice(cut + 1)}`;
        next.title.font.size = Math.max(figureFont(), Math.min(size, 2 * fitted));
        next.margin = { ...next.margin, t: (next.margin?.t || 0) + next.title.font.size * 1.3 };
      }
      changed = true;
    }
    for (const key of Object.keys(full).filter((k) => /^yaxis\d*$/.test(k))) {
      const axis = full[key];
      const count = axis._vals?.length || 0;
      const line = axis.tickfont?.size || full.font.size;
      if (!axis.showticklabels || count < 3 || axis.tickmode === "array") continue;
      if (axis._length / (count - 1) >= 1.8 * line) continue;
      const fit = Math.max(2, Math.floor(axis._length / (1.8 * line)));
      next[key] = { ...(layout[key] || {}) };
      if (axis.type === "log") {
        next[key].dtick = Math.ceil(Math.abs(axis.range[1] - axis.range[0]) / (fit - 1));
      } else {
        delete next[key].dtick;
        next[key].nticks = fit;
      }
      changed = true;
    }
    const legend = graph.querySelector(".legend");
    if (legend && (layout.legend?.y ?? 1) < 0) {
      const top = legend.getBoundingClientRect().top;
      let bottom = -Infinity;
      for (const text of graph.querySelectorAll("g[class^=x][class$=tick] text, .g-xtitle text, .g-x2title text")) {
        const r = text.getBoundingClientRect();
        if (r.height) bottom = Math.max(bottom, r.bottom);
      }
      if (bottom > top - 4) {
        next.legend = { ...layout.legend, y: layout.legend.y - (bottom + 8 - top) / full._size.h };
        changed = true;
      }
    }
    return changed ? next : null;
  }

  /** The plot as its view drew it, after presenter mode. */
  async function unpresent(graph) {
    if (!graph.rnnPresented || graph.layout !== graph.rnnPresented.layout) return;
    const kept = graph.rnnOriginal;
    const frames = graph._transitionData?._frames || [];
    kept.frames.forEach((f, i) => { if (frames[i]) Object.assign(frames[i], structuredClone(f)); });
    graph.rnnPresented = null;
    await window.Plotly.react(graph, structuredClone(kept.data), structuredClone(kept.layout));
  }

  /** Presenter mode. A plot (gr.Plot or a player's) is drawn again at the height left under
      the bar and the full width, its text at least figureFont() px (every font scaled alike,
      measured after drawing). An HTML figure (text, tables) is scaled by CSS zoom up to
      maxZoom() to fill the room, its layout width divided by the zoom so that it fills the row;
      lecture.css lays out the few that are taller than the room (their parts side by side). */
  async function fit(el) {
    el.style.zoom = "";
    el.style.width = "";
    const graphs = [...el.querySelectorAll(".js-plotly-plot")].filter((g) => g.layout);
    const presenting = root.classList.contains(MODES.present);
    for (const other of document.querySelectorAll(".rnn-figure")) other.classList.remove("rnn-figure");
    if (!presenting) {       // every plot presenter mode drew, as its view drew it
      for (const graph of document.querySelectorAll(".js-plotly-plot")) await unpresent(graph);
      redraw(el);
      return;
    }
    el.classList.add("rnn-figure");            // lecture.css lays out the tall ones
    const room = window.innerHeight - barHeight() - 16;
    if (room <= 0 || el.id.startsWith("tab-")) return;
    // a plot or a player the server has not filled yet: wait for it (at most ~20 s)
    const label = el.querySelector(":scope > label[data-testid=block-label]");
    const plot = label && label.textContent.trim() === "Plot";
    for (let i = 0; plot && !el.querySelector(".js-plotly-plot")?.layout && i < 200; i++) await frames(6);
    if (plot) graphs.splice(0, graphs.length, ...el.querySelectorAll(".js-plotly-plot"));
    const player = el.querySelector(".rnn-player");
    for (let i = 0; player && !player.dataset.ready && i < 200; i++) await frames(6);
    if (player) graphs.splice(0, graphs.length, ...player.querySelectorAll(".js-plotly-plot"));
    if (graphs.length) {
      // measured as drawn (a plot presenter mode drew stays drawn while it is measured again:
      // a toggle or a resize does not make the page jump); every draw starts from the view's
      for (let i = 0; i < 4; i++) {          // figure, its fonts times s
        const graph = graphs[0];
        const presented = graph.rnnPresented && graph.layout === graph.rnnPresented.layout;
        const s = presented ? graph.rnnPresented.s : 1;
        const smallest = smallestPlotText(graph);
        const rest = el.getBoundingClientRect().height - graph.getBoundingClientRect().height;
        const height = Math.floor(room - rest - 2);
        const fits = el.getBoundingClientRect().height <= room + 0.5 &&
          Math.abs((graph._fullLayout?.height || 0) - height) < 2;
        // done: drawn at its height, its smallest text at the goal (or above it at scale 1)
        const sized = Math.abs(smallest - figureFont()) < 0.5 || (s === 1 && smallest >= figureFont());
        if (presented && fits && sized) break;
        const scale = Number.isFinite(smallest) ? Math.max(1, s * figureFont() / smallest) : s;
        await present(graph, scale, height);
        await settled(el);
      }
      return;
    }
    redraw(el);
    const box = el.getBoundingClientRect();
    if (!box.height) return;
    // never smaller than its smallest text allows: 16 px on screen
    const floor = Math.min(1, 16 / smallestHtmlText(el));
    let zoom = Math.max(floor, Math.min(maxZoom(), room / box.height));
    for (let i = 0; i < 4; i++) {
      zoom = Math.max(floor, zoom);
      el.style.zoom = String(zoom);
      el.style.width = `${box.width / zoom}px`;
      await settled(el);
      const height = el.getBoundingClientRect().height;
      if (height <= room + 0.5 || zoom <= floor) break;
      zoom *= (room / height) * 0.995;
    }
  }

  /** plotly draws at its container's width: redraw at the new one (gr.Plot does not watch it) */
  function redraw(el) {
    for (const graph of el.querySelectorAll(".js-plotly-plot")) window.Plotly?.Plots.resize(graph);
  }

  /** Until `el`'s height has not changed for 300 ms (a figure still drawing grows), at most 4 s. */
  async function settled(el) {
    let last = -1, same = 0;
    for (let i = 0; i < 40 && same < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const height = el.getBoundingClientRect().height;
      same = Math.abs(height - last) < 1 ? same + 1 : 0;
      last = height;
    }
  }

  async function showFigure(id, seq) {
    const el = await waitVisible(id);
    if (!el || root.dataset.rnnSeq !== seq) return;
    el.style.zoom = "";
    el.style.width = "";
    await settled(el);                       // let the new figure take its size
    if (root.dataset.rnnSeq !== seq) return;
    await fit(el);
    // a figure the server sent while the one before was being fitted: fitted in its turn
    for (let i = 0; i < 3 && stale(el) && root.dataset.rnnSeq === seq; i++) {
      await settled(el);
      await fit(el);
    }
    if (root.dataset.rnnSeq !== seq) return;
    for (let i = 0; i < 2; i++) {            // twice: the bar sticks once the page has scrolled
      const top = el.getBoundingClientRect().top + window.scrollY - barHeight() - 6;
      window.scrollTo({ top: Math.max(0, top), behavior: "instant" });
      await frames(2);
    }
    root.dataset.rnnShown = seq;
    watch(el, seq);
  }

  /** In presenter mode, a plot of `el` that its view drew after presenter mode did. */
  function stale(el) {
    const graph = el.querySelector(".js-plotly-plot");
    return root.classList.contains(MODES.present) && !!graph && !!graph.layout &&
      graph.rnnPresented?.layout !== graph.layout;
  }

  /** The figure on screen drawn again by its view (an input changed, a late result): presenter
      mode lays it out again. */
  let watching = null;
  function watch(el, seq) {
    if (watching) watching.disconnect();
    let timer = null;
    watching = new MutationObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (root.dataset.rnnSeq !== seq || !root.classList.contains(MODES.present)) return;
        if (stale(el)) fit(el);
      }, 400);
    });
    watching.observe(el, { childList: true, subtree: true });
  }

  /** The scene bar got a new value from the server (a link, a scene). */
  function shown(element) {
    const bar = element.querySelector(".rnn-scene");
    if (!bar) return;
    const { query: q, seq, scene, figure, hub: origin, space } = bar.dataset;
    hub = origin && space ? { origin, space } : null;
    if (q) {                  // a state the server applied: its what-if is the one shown
      const given = new URLSearchParams(q), view = given.get("view");
      delete pinned[view];
      delete hidden[view];
      for (const group of Object.values(specs()[view]?.buttons || {})) {
        if (group[0].some((name) => given.has(name))) pin(view, ...group);
      }
      setQuery(q);
    }
    if (!scene || root.dataset.rnnSeq === seq) return;
    root.dataset.rnnSeq = seq;
    root.dataset.rnnScene = scene;
    showFigure(figure, seq);
  }

  function refit() {
    const bar = document.querySelector("#scene-text .rnn-scene");
    if (bar && bar.dataset.figure && root.dataset.rnnScene) {
      const el = figureOf(bar.dataset.figure);
      if (el) showFigure(bar.dataset.figure, root.dataset.rnnSeq);
    } else {
      for (const el of document.querySelectorAll("[style*=zoom], .rnn-figure")) fit(el);
    }
  }

  function toggle(mode) {
    root.classList.toggle(MODES[mode]);
    setQuery(query);
    refit();
  }

  async function copy() {
    const text = link();
    const button = document.getElementById("copy-link");
    try {
      await navigator.clipboard.writeText(text);
      if (button) button.dataset.copied = "true";
    } catch (error) {                      // no clipboard (an http page, a refusal): show it
      window.prompt("Copy this link:", text);
    }
    setTimeout(() => button && delete button.dataset.copied, 1500);
  }

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (isTyping(document.activeElement)) return;
    const target = { PageDown: "scene-next", n: "scene-next", PageUp: "scene-prev", p: "scene-prev" }[
      event.key];
    if (!target) return;
    const button = document.getElementById(target);
    if (!button) return;
    event.preventDefault();
    button.click();
  });
  window.addEventListener("resize", () => refit());

  // ---- phones -------------------------------------------------------------------------------
  /** On a phone the tab bar is one row that scrolls sideways (study.css): the selected tab is
      scrolled into that row whenever it changes (a click, a link, a scene), the page stays. */
  function showSelectedTab() {
    const tab = document.querySelector(".tab-container[role=tablist] [role=tab][aria-selected=true]");
    const row = tab && tab.closest("[role=tablist]");
    if (!row || row.scrollWidth <= row.clientWidth) return;
    const left = tab.offsetLeft - row.offsetLeft;
    if (left < row.scrollLeft || left + tab.offsetWidth > row.scrollLeft + row.clientWidth) {
      row.scrollLeft = Math.max(0, left - (row.clientWidth - tab.offsetWidth) / 2);
    }
  }
  new MutationObserver(showSelectedTab).observe(document.documentElement, {
    subtree: true, attributes: true, attributeFilter: ["aria-selected"] });

  window.RnnLecture = {
    shown, viewState, link, copy,
    present: () => toggle("present"), contrast: () => toggle("contrast"),
  };
})();
