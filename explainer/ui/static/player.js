/* RNN Explainer's animation player (see explainer/ui/player.py).

   A Player owns one `.rnn-player` element rendered by a gr.HTML: it reads the figure JSON from
   `.rnn-player-data`, draws it with Gradio's plotly.js once the plot area has a width (a closed
   tab has none), and plays the frames with a timer in the page: no request to the server.
   gr.HTML calls RnnPlayer.mount(element, chunk) on load and after every new value; mounting again
   tears the old player down (timer, listeners, Plotly's state) and keeps its speed and loop. */
(() => {
  "use strict";
  if (window.RnnPlayer) return;

  const CONFIG = { displaylogo: false, responsive: false, scrollZoom: false };
  let loading = null;                // the import of Gradio's plotly.js chunk, once started

  /** window.Plotly, as Gradio's gr.Plot loads it: its PlotlyPlot-<hash>.js chunk (`chunk`, a
      file name next to Gradio's index-<hash>.js) sets it when imported. If no gr.Plot has yet,
      import that chunk ourselves: the same URL is the same module, so plotly.js is fetched once
      per page. Without a chunk (a page that loaded plotly.js itself) window.Plotly must exist. */
  function plotly(chunk) {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!chunk) return Promise.reject(new Error("window.Plotly is missing and no chunk was given"));
    if (!loading) {
      const gradio = [...document.querySelectorAll("script[type=module][src]")]
        .find((script) => /\/index-[^/]*\.js$/.test(new URL(script.src).pathname));
      const url = new URL(chunk, gradio ? gradio.src : new URL("assets/", document.baseURI));
      loading = import(url.href).then(() => {
        if (!window.Plotly) throw new Error(`${url} did not set window.Plotly`);
        return window.Plotly;
      });
      loading.catch(() => { loading = null; });   // the next player to draw tries again
    }
    return loading;
  }
  const byElement = new WeakMap();   // gr.HTML element -> its Player
  const live = new Set();            // every mounted Player, for the page-level keys
  let lastUsed = null;               // the Player the user touched last

  const isTyping = (el) => !!el && (el.isContentEditable ||
    ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));

  class Player {
    constructor(root, previous, chunk) {
      this.root = root;
      this.chunk = chunk;
      this.host = root.querySelector(".rnn-player-plot");
      this.scrub = root.querySelector(".rnn-player-scrub");
      this.figure = JSON.parse(root.querySelector(".rnn-player-data").textContent);
      this.names = this.figure.frames.map((frame) => frame.name);
      this.frameMs = Number(root.dataset.frameMs) || 800;
      this.speed = previous ? previous.speed : 1;
      this.loop = previous ? previous.loop : root.dataset.loop === "true";
      this.index = 0;
      this.playing = false;
      this.timer = null;
      this.gd = null;          // Plotly's graph div, created on first draw
      this.drawing = null;     // the promise of that first draw
      this.width = 0;
      this.abort = new AbortController();
      this.listen();
      this.observer = new ResizeObserver(() => this.onResize());
      this.observer.observe(this.host);
      this.render();
    }

    // ---- drawing ----------------------------------------------------------------------
    async draw() {
      this.gd = document.createElement("div");
      this.gd.className = "rnn-player-gd";
      this.host.replaceChildren(this.gd);
      const { data, layout, frames } = this.figure;
      try {
        const Plotly = await plotly(this.chunk);
        if (this.abort.signal.aborted) return;          // mounted again meanwhile
        await Plotly.newPlot(this.gd, data, layout, CONFIG);
        await Plotly.addFrames(this.gd, frames);
        this.root.dataset.ready = "true";
        await this.animateTo(this.index);
      } catch (error) {
        this.host.textContent = `The animation could not be drawn: ${error}`;
        console.error("rnn-player", error);
      }
    }

    animateTo(index) {
      if (!this.root.dataset.ready) return Promise.resolve();
      return window.Plotly.animate(this.gd, [this.names[index]], {
        mode: "immediate", frame: { duration: 0, redraw: true }, transition: { duration: 0 },
      }).catch(() => {});   // interrupted by the next frame: fine
    }

    onResize() {
      const width = this.host.clientWidth;
      if (!width) {          // hidden (a tab closed): stop, there is nothing to look at
        if (this.playing) this.pause();
        return;
      }
      if (!this.drawing) {
        this.width = width;
        this.drawing = this.draw();
      } else if (width !== this.width && this.root.dataset.ready) {
        this.width = width;
        window.Plotly.Plots.resize(this.gd);
      }
    }

    // ---- state ------------------------------------------------------------------------
    show(index) {
      const last = this.names.length - 1;
      this.index = Math.max(0, Math.min(last, index));
      this.render();
      return this.animateTo(this.index);
    }

    play() {
      if (this.names.length < 2) return;
      if (this.index === this.names.length - 1) this.show(0);   // from the start again
      this.playing = true;
      this.render();
      this.schedule();
    }

    pause() {
      this.playing = false;
      clearTimeout(this.timer);
      this.render();
    }

    toggle() { this.playing ? this.pause() : this.play(); }

    step(delta) {
      this.pause();
      this.show(this.index + delta);
    }

    schedule() {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.tick(), this.frameMs / this.speed);
    }

    async tick() {
      if (!this.root.isConnected) return this.destroy();
      if (!this.playing) return;
      let next = this.index + 1;
      if (next >= this.names.length) {
        if (!this.loop) return this.pause();
        next = 0;
      }
      await this.show(next);
      if (this.playing) this.schedule();
    }

    setSpeed(speed) {
      this.speed = speed;
      this.render();
      if (this.playing) this.schedule();
    }

    render() {
      const { root, names, index } = this;
      root.dataset.frame = String(index);
      root.dataset.playing = String(this.playing);
      root.dataset.speed = String(this.speed);
      root.classList.toggle("rnn-playing", this.playing);
      this.scrub.value = String(index);
      this.scrub.style.setProperty("--fill", `${(100 * index) / Math.max(1, names.length - 1)}%`);
      root.querySelector(".rnn-player-name").textContent = names[index];
      root.querySelector(".rnn-player-count").textContent = `${index + 1} / ${names.length}`;
      const play = root.querySelector("[data-act=play]");
      play.setAttribute("aria-label", this.playing ? "Pause" : "Play");
      play.setAttribute("aria-pressed", String(this.playing));
      root.querySelector("[data-act=loop]").setAttribute("aria-pressed", String(this.loop));
      for (const button of root.querySelectorAll("[data-speed]")) {
        button.setAttribute("aria-pressed", String(Number(button.dataset.speed) === this.speed));
      }
    }

    // ---- input ------------------------------------------------------------------------
    listen() {
      const options = { signal: this.abort.signal };
      const { root } = this;
      root.addEventListener("click", (event) => this.onClick(event), options);
      this.scrub.addEventListener("input", () => {
        this.show(Number(this.scrub.value));
        if (this.playing) this.schedule();
      }, options);
      root.addEventListener("keydown", (event) => {
        if (!isTyping(event.target) || event.target === this.scrub) this.onKey(event);
      }, options);
      // a focused button would also "click" on the space key's release
      root.addEventListener("keyup", (event) => {
        if (event.key === " " && !isTyping(event.target)) event.preventDefault();
      }, options);
      const touch = () => { lastUsed = this; };
      root.addEventListener("pointerdown", touch, options);
      root.addEventListener("focusin", touch, options);
    }

    onClick(event) {
      const button = event.target.closest("button");
      if (!button || !this.root.contains(button)) return;
      if (button.dataset.speed) return this.setSpeed(Number(button.dataset.speed));
      const act = button.dataset.act;
      if (act === "play") this.toggle();
      else if (act === "back") this.step(-1);
      else if (act === "forward") this.step(1);
      else if (act === "loop") { this.loop = !this.loop; this.render(); }
    }

    /** Handles a lecturing key; returns whether it did (and then the browser must not). */
    onKey(event) {
      if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return false;
      const actions = {
        " ": () => this.toggle(),
        ArrowRight: () => this.step(1),
        ArrowLeft: () => this.step(-1),
        Home: () => this.step(-this.names.length),
        End: () => this.step(this.names.length),
      };
      const action = actions[event.key];
      if (!action) return false;
      event.preventDefault();
      lastUsed = this;
      action();
      return true;
    }

    destroy() {
      clearTimeout(this.timer);
      this.playing = false;
      this.abort.abort();
      this.observer.disconnect();
      if (this.gd && window.Plotly) window.Plotly.purge(this.gd);
      live.delete(this);
      if (lastUsed === this) lastUsed = null;
    }

    visibleArea() {
      if (!this.root.isConnected) return 0;
      const r = this.root.getBoundingClientRect();
      const w = Math.min(r.right, window.innerWidth) - Math.max(r.left, 0);
      const h = Math.min(r.bottom, window.innerHeight) - Math.max(r.top, 0);
      return w > 0 && h > 0 ? w * h : 0;
    }
  }

  /** Keys pressed with nothing focused go to the player in view: the one last used if it is
      still visible, otherwise the one that fills most of the window. Never while typing. */
  function onPageKey(event) {
    if (event.defaultPrevented) return;
    const active = document.activeElement;
    if (active && active !== document.body && active !== document.documentElement) return;
    let target = lastUsed && lastUsed.visibleArea() > 0 ? lastUsed : null;
    if (!target) {
      let best = 0;
      for (const player of live) {
        const area = player.visibleArea();
        if (area > best) [best, target] = [area, player];
      }
    }
    if (target) target.onKey(event);
  }
  document.addEventListener("keydown", onPageKey);

  /** (Re)starts the player in `element`; `chunk`: Gradio's plotly.js chunk (see `plotly`). */
  function mount(element, chunk) {
    const previous = byElement.get(element);
    if (previous) previous.destroy();
    const root = element.querySelector(".rnn-player");
    if (!root) { byElement.delete(element); return null; }
    delete root.dataset.ready;
    const player = new Player(root, previous, chunk);
    byElement.set(element, player);
    live.add(player);
    return player;
  }

  window.RnnPlayer = { mount, players: live };
})();
