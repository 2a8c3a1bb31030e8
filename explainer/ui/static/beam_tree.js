/* The beam tree's node panel (explainer/ui/translation.py): a click on a node of the tree shows,
   beside it, that hypothesis's prefix, its log-probability and the attention row of the step that
   wrote its last token, until another node is clicked or a new tree arrives.

   The tree is a gr.Plot, which Gradio 6 gives no click event: this listens to plotly.js's own
   `plotly_click` on the plot's div. Everything shown comes from the figure itself: the nodes
   trace's customdata (explainer/figures/beam_tree.py, node_data: [prefix, log p, state, token,
   *attention row]) and layout.meta.source (the English words or pieces). No request is made.
   Every string is set with textContent, never parsed as HTML. */
(function () {
  "use strict";
  if (window.RnnBeamTree) return;

  function nodesTrace(gd) {
    return (gd.data || []).findIndex((t) => Array.isArray(t.customdata));
  }

  function cell(tag, text, cls) {
    const el = document.createElement(tag);
    el.textContent = text;
    if (cls) el.className = cls;
    return el;
  }

  /** Fills `panel` with node `i` of the tree drawn in `gd`; `at` ({x, y}: where the node was
      clicked) moves the ring there. */
  function show(panel, gd, i, at) {
    const t = nodesTrace(gd);
    const meta = (gd.layout && gd.layout.meta) || {};
    if (t < 0 || !gd.data[t].customdata[i]) return;
    const [prefix, logP, state, token, ...row] = gd.data[t].customdata[i];
    const source = meta.source || [];
    const out = document.createElement("div");
    out.className = "beam-row";
    out.dataset.node = String(i);
    const head = document.createElement("p");
    head.appendChild(cell("b", prefix || "⟨start⟩", "beam-row-prefix"));
    head.appendChild(cell("span", ` · log p = ${logP.toFixed(2)} (p = ` +
      `${(100 * Math.exp(logP)).toFixed(1)}%) · ${state}`, "beam-row-logp"));
    out.appendChild(head);
    const unit = meta.unit === "piece" ? "English subword piece" : "English word";
    out.appendChild(cell("p", `Attention of the step that wrote “${token}”, on each ${unit}` +
      " (the row sums to 1):", "beam-row-what"));
    const table = document.createElement("table");      // one row per English word
    table.className = "beam-row-table";
    row.forEach((a, j) => {
      const tr = document.createElement("tr");
      tr.appendChild(cell("th", source[j] === undefined ? "" : source[j]));
      const td = cell("td", a.toFixed(2));
      td.dataset.value = String(a);
      td.style.background = `rgba(230, 159, 0, ${Math.min(1, Math.max(0, a)).toFixed(3)})`;
      if (a > 0.5) td.classList.add("beam-row-strong");
      tr.appendChild(td);
      table.appendChild(tr);
    });
    out.appendChild(table);
    panel.replaceChildren(out);
    panel.dataset.node = String(i);
    if (at && window.Plotly && t > 0) {  // the ring: the trace just before the nodes
      window.Plotly.restyle(gd, { x: [[at.x]], y: [[at.y]] }, [t - 1]);
    }
  }

  function shown(gd) {
    const meta = (gd.layout && gd.layout.meta) || {};
    return typeof meta.shown === "number" ? meta.shown : 0;
  }

  /** Binds the panel to the plot's div: once per plotly event emitter (Gradio redraws the same
      div with Plotly.react, which keeps it; Plotly.purge, as presenter mode's fresh draw does,
      drops every listener and the next newPlot makes a new `gd.on`). */
  function bind(panel, host) {
    const gd = host.querySelector(".js-plotly-plot");
    if (!gd || typeof gd.on !== "function" || gd.rnnBoundOn === gd.on) return;
    gd.rnnBoundOn = gd.on;
    gd.on("plotly_click", (event) => {
      const t = nodesTrace(gd);
      const point = (event.points || []).find((p) => p.curveNumber === t);
      if (point) {
        panel.rnnData = gd.data;
        show(panel, gd, point.pointIndex, { x: point.x, y: point.y });
      }
    });
    gd.on("plotly_afterplot", () => {     // a new tree (not a resize): its chosen translation
      if (panel.rnnData !== gd.data) {
        panel.rnnData = gd.data;
        show(panel, gd, shown(gd));
      }
    });
    if (gd.data && panel.rnnData !== gd.data) {
      panel.rnnData = gd.data;
      show(panel, gd, shown(gd));
    }
  }

  /** Watches the tree in element #hostId and keeps `panel` in step with it. */
  function watch(panel, hostId) {
    let host = null;
    const check = () => {
      host = host || document.getElementById(hostId);
      if (host) bind(panel, host);
      return host;
    };
    if (check()) {
      new MutationObserver(check).observe(host, { childList: true, subtree: true });
    } else {
      const timer = setInterval(() => {
        if (check()) {
          clearInterval(timer);
          new MutationObserver(check).observe(host, { childList: true, subtree: true });
        }
      }, 300);
    }
  }

  window.RnnBeamTree = { watch, show };
})();
