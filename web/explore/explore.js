// The hogvec explore page. It asks the server one question at a time (the
// vocabulary and the vectors stay there) and draws each answer: neighbours,
// analogy answers, and a 2-D map. Every word reaches the page as data and is
// shown through textContent or attributes, never parsed as markup. Loaded as
// a module: strict, deferred until the document is parsed.

(() => {
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const MAP_WIDTH = 720;
  const MAP_HEIGHT = 560;
  const MAP_MARGIN = 28;
  const POINT_RADIUS = 5;
  const LABEL_FONT = '13px system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif';
  const MIN_ZOOM = 0.25;
  const MAX_ZOOM = 64;

  const $ = (id) => document.getElementById(id);
  const wordInput = $('word');
  const completions = $('completions');
  const message = $('message');
  const svg = $('map');

  // ------------------------------------------------------------ the server

  class QueryError extends Error {
    constructor(text, suggestions) {
      super(text);
      this.suggestions = suggestions;
    }
  }

  async function api(path, params, signal) {
    const response = await fetch(`${path}?${new URLSearchParams(params)}`, {
      signal,
      headers: { Accept: 'application/json' },
    });
    let body;
    try {
      body = await response.json();
    } catch {
      throw new QueryError(`The server answered ${response.status} without a readable answer.`, []);
    }
    if (!response.ok)
      throw new QueryError(body.error || `The server answered ${response.status}.`, body.suggestions || []);
    return body;
  }

  // ------------------------------------------------------------ views and links

  // A view is what the URL says: { kind: 'word', word } | { kind: 'analogy', a, b, c, method }
  // | { kind: 'words', words } | { kind: 'home' } | { kind: 'bad', reason }.
  function viewFromLocation() {
    const query = new URLSearchParams(location.search);
    if (query.has('word')) return { kind: 'word', word: query.get('word').trim() };
    if (query.has('analogy')) {
      const terms = query
        .get('analogy')
        .split(',')
        .map((w) => w.trim());
      const method = query.get('method') || '3CosAdd';
      if (terms.length !== 3 || terms.some((w) => w === '')) {
        return { kind: 'bad', reason: 'An analogy link needs three words: ?analogy=a,b,c' };
      }
      if (method !== '3CosAdd' && method !== '3CosMul')
        return { kind: 'bad', reason: 'The method must be 3CosAdd or 3CosMul.' };
      return { kind: 'analogy', a: terms[0], b: terms[1], c: terms[2], method };
    }
    if (query.has('words')) return { kind: 'words', words: splitWords(query.get('words')) };
    return { kind: 'home' };
  }

  function linkFor(view) {
    const query = new URLSearchParams();
    if (view.kind === 'word') query.set('word', view.word);
    if (view.kind === 'analogy') {
      query.set('analogy', [view.a, view.b, view.c].join(','));
      if (view.method !== '3CosAdd') query.set('method', view.method);
    }
    if (view.kind === 'words') query.set('words', view.words.join(','));
    const search = query.toString();
    return search === '' ? location.pathname : `?${search}`;
  }

  function splitWords(text) {
    return [
      ...new Set(
        text
          .split(',')
          .map((w) => w.trim())
          .filter((w) => w !== ''),
      ),
    ];
  }

  function go(view) {
    history.pushState(null, '', linkFor(view));
    show(view);
  }

  // A link that opens `view` in place (and still works in a new tab).
  function viewLink(text, view) {
    const a = document.createElement('a');
    a.href = linkFor(view);
    a.textContent = text;
    a.addEventListener('click', (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      go(view);
    });
    return a;
  }

  // ------------------------------------------------------------ showing a view

  let shown = 0;
  let pending;

  async function show(view) {
    const ticket = ++shown;
    pending?.abort();
    pending = new AbortController();
    fillForms(view);
    hideCompletions();
    try {
      if (view.kind === 'bad') throw new QueryError(view.reason, []);
      if (view.kind === 'home') {
        await showHome(ticket);
        return;
      }
      if (view.kind === 'word') {
        if (view.word === '') throw new QueryError('Type a word to see its neighbours.', []);
        const answer = await api('/api/neighbours', { word: view.word, top: 15 }, pending.signal);
        if (ticket !== shown) return;
        showResults(`Nearest to ${answer.word}`, 'similarity', answer.neighbours);
        showMap(answer.points, `${answer.word} and its ${answer.neighbours.length} nearest words`);
      } else if (view.kind === 'analogy') {
        const answer = await api(
          '/api/analogy',
          { a: view.a, b: view.b, c: view.c, method: view.method, top: 10 },
          pending.signal,
        );
        if (ticket !== shown) return;
        const title = `${answer.a} : ${answer.b} :: ${answer.c} : ? (${answer.method})`;
        showResults(title, answer.method === '3CosMul' ? '3CosMul score' : 'similarity', answer.answers);
        showMap(answer.points, title);
      } else if (view.kind === 'words') {
        if (view.words.length < 2) throw new QueryError('A map needs at least two words, separated by commas.', []);
        const answer = await api('/api/map', { words: view.words.join(',') }, pending.signal);
        if (ticket !== shown) return;
        hideResults();
        showMap(answer.points, `${answer.points.length} words`);
      }
      clearMessage();
    } catch (err) {
      if (ticket !== shown || err.name === 'AbortError') return;
      hideResults();
      showMap([], '');
      showMessage(
        err instanceof QueryError ? err.message : `The server could not be reached (${err.message}).`,
        err.suggestions || [],
      );
    }
  }

  let model;

  async function showHome(ticket) {
    hideResults();
    clearMessage();
    if (model === undefined) return;
    const examples = model.examples.filter((w) => w.length <= 200);
    if (examples.length >= 2) {
      const answer = await api('/api/map', { words: examples.join(',') }, pending.signal);
      if (ticket !== shown) return;
      showMap(answer.points, 'the most frequent words');
    }
  }

  function fillForms(view) {
    if (view.kind === 'word') wordInput.value = view.word;
    if (view.kind === 'analogy') {
      $('analogy-a').value = view.a;
      $('analogy-b').value = view.b;
      $('analogy-c').value = view.c;
      $('analogy-method').value = view.method;
    }
    if (view.kind === 'words') $('words').value = view.words.join(', ');
  }

  function showResults(title, scoreName, rows) {
    $('results-title').textContent = title;
    $('score-heading').textContent = scoreName;
    const body = $('results-table').tBodies[0];
    body.replaceChildren();
    const top = Math.max(1e-9, ...rows.map((r) => Math.abs(r.similarity)));
    rows.forEach((row, i) => {
      const tr = body.insertRow();
      tr.className = 'result';
      const rank = tr.insertCell();
      rank.className = 'rank';
      rank.textContent = String(i + 1);
      const word = tr.insertCell();
      word.className = 'word';
      word.append(viewLink(row.word, { kind: 'word', word: row.word }));
      const score = tr.insertCell();
      score.className = 'score';
      const cell = document.createElement('div');
      cell.className = 'score-cell';
      const value = document.createElement('span');
      value.className = 'score-value';
      value.textContent = row.similarity.toFixed(4);
      const bar = document.createElement('div');
      bar.className = 'bar';
      bar.style.width = `${Math.round((Math.max(0, row.similarity) / top) * 100)}%`;
      cell.append(value, bar);
      score.append(cell);
    });
    $('results').hidden = false;
  }

  function hideResults() {
    $('results').hidden = true;
    $('results-table').tBodies[0].replaceChildren();
  }

  function showMessage(text, suggestions) {
    message.replaceChildren(document.createTextNode(text));
    if (suggestions.length > 0) {
      const line = document.createElement('div');
      line.append(document.createTextNode('Did you mean: '));
      for (const word of suggestions) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'suggestion';
        button.textContent = word;
        button.addEventListener('click', () => go({ kind: 'word', word }));
        line.append(button);
      }
      message.append(line);
    }
    message.hidden = false;
  }

  function clearMessage() {
    message.hidden = true;
    message.replaceChildren();
  }

  // ------------------------------------------------------------ completion

  let completionTimer;
  let completionRequest;
  let active = -1;

  wordInput.addEventListener('input', () => {
    clearTimeout(completionTimer);
    completionTimer = setTimeout(complete, 80);
  });

  async function complete() {
    const prefix = wordInput.value;
    completionRequest?.abort();
    if (prefix.trim() === '') return hideCompletions();
    completionRequest = new AbortController();
    try {
      const answer = await api('/api/complete', { prefix, limit: 12 }, completionRequest.signal);
      if (wordInput.value !== prefix || document.activeElement !== wordInput) return;
      showCompletions(answer.words);
    } catch (err) {
      if (err.name !== 'AbortError') hideCompletions();
    }
  }

  function showCompletions(words) {
    completions.replaceChildren();
    active = -1;
    words.forEach((word, i) => {
      const li = document.createElement('li');
      li.id = `completion-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.textContent = word;
      // mousedown, not click: it comes before the input loses focus.
      li.addEventListener('mousedown', (event) => {
        event.preventDefault();
        choose(word);
      });
      completions.append(li);
    });
    completions.hidden = words.length === 0;
    wordInput.setAttribute('aria-expanded', String(words.length > 0));
  }

  function hideCompletions() {
    clearTimeout(completionTimer);
    completions.hidden = true;
    completions.replaceChildren();
    wordInput.setAttribute('aria-expanded', 'false');
    wordInput.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function choose(word) {
    wordInput.value = word;
    hideCompletions();
    go({ kind: 'word', word });
  }

  function highlight(index) {
    const items = [...completions.children];
    if (items.length === 0) return;
    active = (index + items.length) % items.length;
    items.forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    items[active].scrollIntoView({ block: 'nearest' });
    wordInput.setAttribute('aria-activedescendant', items[active].id);
  }

  wordInput.addEventListener('keydown', (event) => {
    const open = !completions.hidden;
    if (event.key === 'ArrowDown' && open) {
      event.preventDefault();
      highlight(active + 1);
    } else if (event.key === 'ArrowUp' && open) {
      event.preventDefault();
      highlight(active - 1);
    } else if (event.key === 'Enter' && open && active >= 0) {
      event.preventDefault();
      choose(completions.children[active].textContent);
    } else if (event.key === 'Escape') {
      hideCompletions();
    }
  });
  wordInput.addEventListener('blur', () => setTimeout(hideCompletions, 100));

  // ------------------------------------------------------------ forms

  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    go({ kind: 'word', word: wordInput.value.trim() });
  });

  $('analogy').addEventListener('submit', (event) => {
    event.preventDefault();
    const [a, b, c] = ['analogy-a', 'analogy-b', 'analogy-c'].map((id) => $(id).value.trim());
    if (!a || !b || !c) {
      showMessage('An analogy needs three words: a is to b as c is to ?', []);
      return;
    }
    go({ kind: 'analogy', a, b, c, method: $('analogy-method').value });
  });

  $('map-form').addEventListener('submit', (event) => {
    event.preventDefault();
    go({ kind: 'words', words: splitWords($('words').value) });
  });

  window.addEventListener('popstate', () => show(viewFromLocation()));

  // ------------------------------------------------------------ the map

  // The points in PCA coordinates, and the zoom: screen = fit(p) * scale + shift.
  const map = { points: [], scale: 1, shiftX: 0, shiftY: 0 };
  const measure = document.createElement('canvas').getContext('2d');

  function showMap(points, caption) {
    map.points = points;
    map.scale = 1;
    map.shiftX = 0;
    map.shiftY = 0;
    $('map-caption').textContent = caption;
    drawMap();
  }

  // PCA coordinates to the view box, before zoom: the points fill the frame, y up, aspect kept.
  function fitting(points) {
    const xs = points.map((p) => p.x);
    const ys = points.map((p) => p.y);
    const minX = Math.min(...xs);
    const minY = Math.min(...ys);
    const spanX = Math.max(Math.max(...xs) - minX, 1e-9);
    const spanY = Math.max(Math.max(...ys) - minY, 1e-9);
    const unit = Math.min((MAP_WIDTH - 2 * MAP_MARGIN - 80) / spanX, (MAP_HEIGHT - 2 * MAP_MARGIN - 30) / spanY);
    const offsetX = (MAP_WIDTH - spanX * unit) / 2;
    const offsetY = (MAP_HEIGHT + spanY * unit) / 2;
    return (p) => [offsetX + (p.x - minX) * unit, offsetY - (p.y - minY) * unit];
  }

  function drawMap() {
    svg.replaceChildren();
    if (map.points.length === 0) return;
    const fit = fitting(map.points);
    const place = (p) => {
      const [x, y] = fit(p);
      return [x * map.scale + map.shiftX, y * map.scale + map.shiftY];
    };
    const [originX, originY] = place({ x: 0, y: 0 });
    svg.append(
      svgElement('line', { class: 'axis', x1: 0, y1: originY, x2: MAP_WIDTH, y2: originY }),
      svgElement('line', { class: 'axis', x1: originX, y1: 0, x2: originX, y2: MAP_HEIGHT }),
      axisLabel('PC 1', MAP_WIDTH - 8, MAP_HEIGHT - 8, 'end'),
      axisLabel('PC 2', 8, 16, 'start'),
    );
    const inside = (x, y) => x >= 0 && x <= MAP_WIDTH && y >= 0 && y <= MAP_HEIGHT;
    const visible = map.points.map((p) => ({ point: p, at: place(p) })).filter(({ at }) => inside(at[0], at[1]));
    // Queried words first, so that their labels win the space; then answers in rank order.
    visible.sort((u, v) => (u.point.role === 'query' ? 0 : 1) - (v.point.role === 'query' ? 0 : 1));
    const labels = placeLabels(
      visible.map(({ point, at }) => ({ word: point.word, x: at[0], y: at[1], bold: point.role === 'query' })),
    );
    const group = svgElement('g', { class: 'points' });
    // Drawn in reverse so that the queried words end up on top.
    for (let i = visible.length - 1; i >= 0; i--) {
      const { point, at } = visible[i];
      const g = svgElement('g', { class: `point ${point.role}`, 'data-word': point.word });
      const title = svgElement('title', {});
      title.textContent = `${point.word} (${point.x.toFixed(3)}, ${point.y.toFixed(3)})`;
      g.append(title, svgElement('circle', { cx: at[0], cy: at[1], r: POINT_RADIUS }));
      if (labels[i] !== undefined) {
        const text = svgElement('text', { x: labels[i].x, y: labels[i].y, 'text-anchor': labels[i].anchor });
        text.textContent = point.word;
        g.append(text);
      }
      g.addEventListener('click', () => {
        if (!dragged) go({ kind: 'word', word: point.word });
      });
      group.append(g);
    }
    svg.append(group);
  }

  // Beside the point: right, left, above, below, then the corners.
  const LABEL_SPOTS = [
    [8, 4, 'start'],
    [-8, 4, 'end'],
    [0, -9, 'middle'],
    [0, 19, 'middle'],
    [7, -7, 'start'],
    [-7, -7, 'end'],
    [7, 16, 'start'],
    [-7, 16, 'end'],
  ];

  // Greedily gives each label the first spot inside the frame that covers no
  // point and no label already placed; a label with no free spot is left out
  // (its point keeps its tooltip, and zooming in makes room). A queried word's
  // label may cover other points, never a label. Text is measured in the
  // page's font, bold for queried words as the style draws them.
  function placeLabels(points) {
    const pointBoxes = points.map(({ x, y }) =>
      box(x - POINT_RADIUS, y - POINT_RADIUS, x + POINT_RADIUS, y + POINT_RADIUS),
    );
    const labelBoxes = [];
    return points.map(({ word, x, y, bold }, i) => {
      measure.font = bold ? `bold ${LABEL_FONT}` : LABEL_FONT;
      const metrics = measure.measureText(word);
      const width = metrics.width + 2;
      const ascent = metrics.fontBoundingBoxAscent ?? 12;
      const descent = metrics.fontBoundingBoxDescent ?? 4;
      const spotBox = ([dx, dy, anchor]) => {
        const left = anchor === 'start' ? x + dx - 1 : anchor === 'end' ? x + dx - width + 1 : x - width / 2;
        return box(left, y + dy - ascent, left + width, y + dy + descent);
      };
      const fits = (b) =>
        b.left >= 0 &&
        b.right <= MAP_WIDTH &&
        b.top >= 0 &&
        b.bottom <= MAP_HEIGHT &&
        !labelBoxes.some((t) => overlaps(t, b));
      const clear = (b) => !pointBoxes.some((t, k) => k !== i && overlaps(t, b));
      const spot =
        LABEL_SPOTS.find((s) => fits(spotBox(s)) && clear(spotBox(s))) ??
        (bold ? LABEL_SPOTS.find((s) => fits(spotBox(s))) : undefined);
      if (spot === undefined) return undefined;
      labelBoxes.push(spotBox(spot));
      return { x: x + spot[0], y: y + spot[1], anchor: spot[2] };
    });
  }

  function box(left, top, right, bottom) {
    return { left, top, right, bottom };
  }

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function svgElement(name, attributes) {
    const element = document.createElementNS(SVG_NS, name);
    for (const [key, value] of Object.entries(attributes)) {
      element.setAttribute(key, typeof value === 'number' ? String(Math.round(value * 100) / 100) : value);
    }
    return element;
  }

  function axisLabel(text, x, y, anchor) {
    const label = svgElement('text', { class: 'axis-label', x, y, 'text-anchor': anchor });
    label.textContent = text;
    return label;
  }

  // Zooms by `factor` keeping the view-box point (x, y) where it is.
  function zoom(factor, x = MAP_WIDTH / 2, y = MAP_HEIGHT / 2) {
    const scale = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, map.scale * factor));
    const applied = scale / map.scale;
    map.shiftX = x - (x - map.shiftX) * applied;
    map.shiftY = y - (y - map.shiftY) * applied;
    map.scale = scale;
    drawMap();
  }

  // A pointer position in view-box units.
  function viewBoxPoint(event) {
    const rect = svg.getBoundingClientRect();
    return [
      ((event.clientX - rect.left) / rect.width) * MAP_WIDTH,
      ((event.clientY - rect.top) / rect.height) * MAP_HEIGHT,
    ];
  }

  $('zoom-in').addEventListener('click', () => zoom(1.5));
  $('zoom-out').addEventListener('click', () => zoom(1 / 1.5));
  $('zoom-reset').addEventListener('click', () => showMap(map.points, $('map-caption').textContent));
  svg.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      const [x, y] = viewBoxPoint(event);
      zoom(Math.exp(-event.deltaY * 0.0015), x, y);
    },
    { passive: false },
  );

  // Dragging moves the map; a drag is not a click on the point under it.
  let drag;
  let dragged = false;
  svg.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    drag = { start: viewBoxPoint(event), shiftX: map.shiftX, shiftY: map.shiftY, id: event.pointerId };
    dragged = false;
  });
  svg.addEventListener('pointermove', (event) => {
    if (drag === undefined || event.pointerId !== drag.id) return;
    const [x, y] = viewBoxPoint(event);
    const dx = x - drag.start[0];
    const dy = y - drag.start[1];
    if (!dragged && Math.hypot(dx, dy) < 4) return;
    if (!dragged) {
      dragged = true;
      svg.setPointerCapture(drag.id);
      svg.classList.add('dragging');
    }
    map.shiftX = drag.shiftX + dx;
    map.shiftY = drag.shiftY + dy;
    drawMap();
  });
  const endDrag = () => {
    drag = undefined;
    svg.classList.remove('dragging');
    // The click that ends a drag comes after pointerup: forget the drag after it.
    setTimeout(() => (dragged = false), 0);
  };
  svg.addEventListener('pointerup', endDrag);
  svg.addEventListener('pointercancel', endDrag);

  // ------------------------------------------------------------ start

  async function start() {
    try {
      model = await api('/api/model', {});
      $('model').textContent = `${model.name} · ${model.words.toLocaleString('en-US')} words · dim ${model.dim}`;
      wordInput.placeholder = `a word, e.g. ${model.examples[0]}`;
    } catch (err) {
      $('model').textContent = 'The model could not be loaded.';
      showMessage(err.message, []);
      return;
    }
    show(viewFromLocation());
  }

  start();
})();
