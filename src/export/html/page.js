// kgpipe's interactive page: draws the graph data of #kg-data with cytoscape.js; search,
// label and relationship filters, an evidence panel and a focus on one node's neighbourhood.
// Every text from the graph reaches the page through textContent, never as HTML.
(function () {
  'use strict';

  const data = JSON.parse(document.getElementById('kg-data').textContent);
  const nodes = data.nodes;
  const edges = data.edges;
  const PROVENANCE = ['MENTIONS', 'PUBLISHED_BY'];
  const LIMIT = data.meta.defaultLimit;

  const state = {
    labelOn: {},
    typeOn: {},
    pinned: new Set(),
    focus: null,
    positions: new Map(),
  };

  const adjacency = nodes.map(() => []);
  edges.forEach((e, i) => {
    adjacency[e.source].push(i);
    if (e.target !== e.source) adjacency[e.target].push(i);
  });

  const top = mostConnected();

  // ---- small DOM helpers -------------------------------------------------------------

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(([k, v]) => {
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    });
    children.flat().forEach((c) => {
      if (c !== null && c !== undefined) node.append(c);
    });
    return node;
  }

  function safeUrl(text) {
    try {
      const url = new URL(text);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (_) {
      return null;
    }
  }

  function countBy(list, key) {
    const counts = {};
    list.forEach((x) => { counts[key(x)] = (counts[key(x)] || 0) + 1; });
    return counts;
  }

  // ---- which nodes and edges are drawn -----------------------------------------------

  function mostConnected() {
    const entities = [];
    nodes.forEach((n, i) => { if (n.label !== 'Article') entities.push(i); });
    entities.sort((a, b) => nodes[b].degree - nodes[a].degree || a - b);
    return new Set(entities.slice(0, LIMIT));
  }

  function entityCount() {
    return nodes.filter((n) => n.label !== 'Article').length;
  }

  function other(e, i) {
    return e.source === i ? e.target : e.source;
  }

  function edgeShown(e) {
    return state.typeOn[e.type] && state.labelOn[nodes[e.source].label] &&
      state.labelOn[nodes[e.target].label];
  }

  function focusSet(f) {
    const set = new Set([f]);
    adjacency[f].forEach((ei) => { if (edgeShown(edges[ei])) set.add(other(edges[ei], f)); });
    return set;
  }

  function baseSet() {
    const set = new Set([...top, ...state.pinned].filter((i) => state.labelOn[nodes[i].label]));
    if (state.labelOn.Article) {
      let added = 0;
      [...set].forEach((i) => adjacency[i].forEach((ei) => {
        const j = other(edges[ei], i);
        if (nodes[j].label === 'Article' && !set.has(j) && added < LIMIT && edgeShown(edges[ei])) {
          set.add(j);
          added += 1;
        }
      }));
    }
    return set;
  }

  function visible() {
    const ns = state.focus === null ? baseSet() : focusSet(state.focus);
    const es = [];
    ns.forEach((i) => adjacency[i].forEach((ei) => {
      const e = edges[ei];
      if (e.source === i && ns.has(e.target) && edgeShown(e)) es.push(ei);
    }));
    return { nodes: ns, edges: es };
  }

  // ---- cytoscape ---------------------------------------------------------------------

  const cy = cytoscape({
    container: document.getElementById('cy'),
    minZoom: 0.05,
    maxZoom: 4,
    style: [
      { selector: 'node', style: {
        'background-color': 'data(color)', shape: 'data(shape)', label: 'data(name)',
        'border-width': 1, 'border-color': '#777', 'font-size': 11, 'text-valign': 'bottom',
        'text-margin-y': 3, 'text-wrap': 'wrap', 'text-max-width': 130,
        width: 'mapData(degree, 0, 12, 22, 52)', height: 'mapData(degree, 0, 12, 22, 52)',
        'text-background-color': '#fff', 'text-background-opacity': 0.7,
        'min-zoomed-font-size': 5 } },
      { selector: 'edge', style: {
        width: 'mapData(confidence, 0, 1, 0.8, 3)', 'line-color': '#9aa5b1',
        'target-arrow-color': '#9aa5b1', 'target-arrow-shape': 'triangle',
        'curve-style': 'bezier', label: 'data(type)', 'font-size': 7, color: '#555',
        'text-rotation': 'autorotate', 'text-background-color': '#fff',
        'text-background-opacity': 0.8, 'min-zoomed-font-size': 7 } },
      { selector: 'edge.hedged', style: { 'line-style': 'dashed' } },
      { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#d35400' } },
      { selector: 'edge:selected', style: {
        'line-color': '#d35400', 'target-arrow-color': '#d35400', width: 4 } },
      { selector: 'node.focus', style: { 'border-width': 3, 'border-color': '#1a5fb4' } },
    ],
  });

  function nodeElement(i) {
    const n = nodes[i];
    const style = data.styles[n.label];
    return { group: 'nodes', data: { id: n.id, name: n.name, color: style.color, shape: style.shape, degree: n.degree, index: i } };
  }

  function edgeElement(i) {
    const e = edges[i];
    return {
      group: 'edges',
      classes: e.hedged ? 'hedged' : '',
      data: { id: 'e' + i, source: nodes[e.source].id, target: nodes[e.target].id, type: e.type, confidence: e.confidence, index: i },
    };
  }

  function sync(view) {
    const wanted = new Set([...view.nodes].map((i) => nodes[i].id).concat(view.edges.map((i) => 'e' + i)));
    cy.elements().filter((x) => !wanted.has(x.id())).remove();
    const fresh = [];
    view.nodes.forEach((i) => { if (cy.getElementById(nodes[i].id).empty()) fresh.push(nodeElement(i)); });
    view.edges.forEach((i) => { if (cy.getElementById('e' + i).empty()) fresh.push(edgeElement(i)); });
    return cy.add(fresh);
  }

  function remember() {
    cy.nodes().forEach((n) => state.positions.set(n.id(), Object.assign({}, n.position())));
  }

  function placeNear(node, k) {
    const neighbour = node.neighborhood('node').filter((m) => state.positions.has(m.id())).first();
    const centre = neighbour.nonempty() ? state.positions.get(neighbour.id()) : { x: 0, y: 0 };
    const angle = k * 2.399963;
    const radius = 90 + 12 * (k % 7);
    return { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) };
  }

  function layout(added) {
    if (state.focus !== null) {
      const f = nodes[state.focus].id;
      cy.layout({ name: 'concentric', animate: false, fit: true, padding: 40, minNodeSpacing: 25,
        concentric: (n) => (n.id() === f ? 2 : 1), levelWidth: () => 1 }).run();
      return;
    }
    const first = state.positions.size === 0;
    cy.nodes().forEach((n) => {
      const p = state.positions.get(n.id());
      if (p) n.position(p);
    });
    if (first) {
      cy.layout({ name: 'circle', animate: false }).run();
      cy.layout({ name: 'cose', animate: false, randomize: false, fit: true, padding: 30,
        numIter: 600, nodeRepulsion: () => 60000, idealEdgeLength: () => 70,
        componentSpacing: 110 }).run();
    } else {
      added.nodes().filter((n) => !state.positions.has(n.id()))
        .forEach((n, k) => n.position(placeNear(n, k)));
    }
    remember();
  }

  function render() {
    const view = visible();
    const added = sync(view);
    if (added.nodes().nonempty() || state.focus !== null) layout(added);
    cy.nodes().removeClass('focus');
    if (state.focus !== null) cy.getElementById(nodes[state.focus].id).addClass('focus');
    document.getElementById('show-all').hidden = state.focus === null;
    updateNote(view);
  }

  function updateNote(view) {
    const note = document.getElementById('note');
    const total = entityCount();
    const parts = [];
    if (state.focus !== null) {
      parts.push('Focused on ' + nodes[state.focus].name + ' and its neighbours.');
    } else if (total > LIMIT) {
      parts.push('Showing the ' + LIMIT + ' most connected of ' + total +
        ' entities (by relationship count); search to bring in others.');
    }
    parts.push(view.nodes.size + ' nodes and ' + view.edges.length + ' relationships drawn.');
    note.textContent = parts.join(' ');
  }

  // ---- filters and legend ------------------------------------------------------------

  function checkbox(group, key, on, swatch, count) {
    group[key] = on;
    const box = el('input', { type: 'checkbox', 'data-key': key });
    box.checked = on;
    box.addEventListener('change', () => {
      group[key] = box.checked;
      render();
    });
    return el('label', {}, box, swatch, el('span', { text: key }), el('span', { class: 'count', text: '(' + count + ')' }));
  }

  function buildFilters() {
    const labels = countBy(nodes, (n) => n.label);
    const labelBox = document.getElementById('labels');
    Object.keys(data.styles).filter((l) => labels[l]).forEach((l) => {
      const swatch = el('span', { class: 'swatch', title: data.styles[l].shape });
      swatch.style.background = data.styles[l].color;
      labelBox.append(checkbox(state.labelOn, l, l !== 'Article', swatch, labels[l]));
    });
    const types = countBy(edges, (e) => e.type);
    const typeBox = document.getElementById('types');
    Object.keys(types).sort().forEach((t) => {
      typeBox.append(checkbox(state.typeOn, t, !PROVENANCE.includes(t), null, types[t]));
    });
  }

  function setLabel(label, on) {
    state.labelOn[label] = on;
    const box = document.querySelector('#labels input[data-key="' + label + '"]');
    if (box) box.checked = on;
  }

  // ---- search --------------------------------------------------------------------------

  function norm(text) {
    return String(text).normalize('NFKC').toLowerCase().trim();
  }

  const keys = nodes.map((n) => [n.name].concat(n.aliases || []).map(norm));

  function matches(query, limit) {
    const q = norm(query);
    if (!q) return [];
    const found = [];
    keys.forEach((names, i) => {
      let best = 4;
      names.forEach((k) => {
        if (k === q) best = Math.min(best, 0);
        else if (k.startsWith(q)) best = Math.min(best, 1);
        else if (k.includes(' ' + q)) best = Math.min(best, 2);
        else if (k.includes(q)) best = Math.min(best, 3);
      });
      if (best < 4) found.push([best, nodes[i].label === 'Article' ? 1 : 0, -nodes[i].degree, i]);
    });
    found.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]);
    return found.slice(0, limit).map((f) => f[3]);
  }

  function select(i) {
    const n = nodes[i];
    state.pinned.add(i);
    if (!state.labelOn[n.label]) setLabel(n.label, true);
    if (state.focus !== null && !focusSet(state.focus).has(i)) state.focus = null;
    render();
    const node = cy.getElementById(n.id);
    cy.elements(':selected').unselect();
    node.select();
    if (cy.zoom() < 1) cy.zoom(1);
    centreOn(node);
    showNode(i);
    return node;
  }

  function centreOn(node) {
    const p = node.position();
    const z = cy.zoom();
    cy.pan({ x: cy.width() / 2 - p.x * z, y: cy.height() / 2 - p.y * z });
  }

  function find(query) {
    const hits = matches(query, 1);
    const status = document.getElementById('status');
    hideSuggestions();
    if (hits.length === 0) {
      status.textContent = 'No node matches “' + query + '”.';
      return null;
    }
    select(hits[0]);
    status.textContent = 'Found ' + nodes[hits[0]].label + ' ' + nodes[hits[0]].name + '.';
    return nodes[hits[0]].id;
  }

  function hideSuggestions() {
    const list = document.getElementById('suggestions');
    list.replaceChildren();
    list.hidden = true;
  }

  function suggest() {
    const query = document.getElementById('search').value;
    const list = document.getElementById('suggestions');
    const hits = matches(query, 8);
    list.replaceChildren(...hits.map((i) => el('li', {}, el('button', {
      type: 'button',
      text: nodes[i].name + ' (' + nodes[i].label + ')',
      onclick: () => {
        hideSuggestions();
        select(i);
      },
    }))));
    list.hidden = hits.length === 0;
  }

  // ---- the side panel ----------------------------------------------------------------

  function field(dl, term, value) {
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return;
    dl.append(el('dt', { text: term }), el('dd', { text: Array.isArray(value) ? value.join('\n') : String(value) }));
  }

  function articleLine(a) {
    const article = data.articles[a];
    if (!article) return el('span', { text: 'unknown article' });
    const title = article.title || article.document;
    const url = article.url && safeUrl(article.url);
    const name = url
      ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'article-title', text: title })
      : el('span', { class: 'article-title', text: title });
    const extra = title === article.document ? [] : [article.document];
    if (article.date) extra.push(article.date);
    const details = extra.length ? ' (' + extra.join(', ') + ')' : '';
    return el('span', {}, name, el('span', { class: 'article-document', text: details }));
  }

  function showNode(i) {
    const n = nodes[i];
    const panel = document.getElementById('panel');
    const dl = el('dl');
    field(dl, 'Label', n.label + (n.kind ? ' (' + n.kind + ')' : ''));
    field(dl, 'Aliases', n.aliases);
    field(dl, 'Description', n.description);
    field(dl, 'Wikidata', n.wikidata);
    field(dl, 'Date', n.date);
    field(dl, 'Date as written', n.dateText);
    field(dl, 'URL', n.url);
    field(dl, 'Mentions', n.mentions || null);
    field(dl, 'Id', n.id);
    const rels = adjacency[i].filter((ei) => state.typeOn[edges[ei].type]);
    const list = el('ul', { class: 'relations' }, rels.slice(0, 200).map((ei) => {
      const e = edges[ei];
      const out = e.source === i;
      const text = (out ? e.type + ' → ' : '← ' + e.type + ' ') + nodes[other(e, i)].name;
      return el('li', {}, el('button', { type: 'button', text: text, onclick: () => showEdge(ei, true) }));
    }));
    const more = rels.length > 200 ? el('p', { class: 'hint', text: 'and ' + (rels.length - 200) + ' more' }) : null;
    const articles = (n.articles || []).slice(0, 50).map((a) => el('li', {}, articleLine(a)));
    panel.replaceChildren(...[
      el('h2', { class: 'node-name', text: n.name }),
      el('button', { type: 'button', id: 'focus-button', text: 'Focus on its neighbourhood', onclick: () => focusOn(i) }),
      dl,
      rels.length ? el('h3', { text: 'Relationships (' + rels.length + ')' }) : null,
      list, more,
      articles.length ? el('h3', { text: 'Mentioned in' }) : null,
      articles.length ? el('ul', {}, articles) : null,
    ].filter((x) => x !== null));
  }

  function showEdge(i, fromList) {
    const e = edges[i];
    const panel = document.getElementById('panel');
    if (fromList) {
      const drawn = cy.getElementById('e' + i);
      if (drawn.nonempty()) {
        cy.elements(':selected').unselect();
        drawn.select();
      }
    }
    const head = el('h2', { class: 'edge-title' },
      el('button', { type: 'button', class: 'link', text: nodes[e.source].name, onclick: () => select(e.source) }),
      ' —' + e.type + '→ ',
      el('button', { type: 'button', class: 'link', text: nodes[e.target].name, onclick: () => select(e.target) }));
    const dl = el('dl');
    field(dl, 'Confidence', e.confidence);
    field(dl, 'Hedged', e.hedged ? 'yes: every sentence says it with doubt' : null);
    Object.entries(e.properties || {}).forEach(([k, v]) => field(dl, k, v));
    field(dl, 'Sentences', e.evidence.length + (e.total > e.evidence.length ? ' kept of ' + e.total + ' found' : ''));
    const evidence = e.evidence.map((ev) => {
      const s = data.sentences[ev.sentence];
      return el('div', { class: 'evidence' },
        el('blockquote', { class: 'sentence', text: s.text }),
        el('p', { class: 'source' }, articleLine(s.article),
          el('span', { text: ' · characters ' + s.start + '–' + s.end + ' · rule ' + ev.rule +
            ' · confidence ' + ev.confidence + (ev.hedged ? ' · hedged' : '') })));
    });
    const none = e.evidence.length === 0
      ? el('p', { class: 'hint', text: 'No sentence: this relationship records where the article came from or what it mentions.' })
      : null;
    panel.replaceChildren(...[head, dl, none].concat(evidence).filter((x) => x !== null));
  }

  // ---- focus -------------------------------------------------------------------------

  function focusOn(i) {
    state.focus = i;
    state.pinned.add(i);
    render();
    const node = cy.getElementById(nodes[i].id);
    cy.elements(':selected').unselect();
    node.select();
    showNode(i);
  }

  function showAll() {
    state.focus = null;
    cy.nodes().forEach((n) => {
      const p = state.positions.get(n.id());
      if (p) n.position(p);
    });
    render();
    cy.fit(undefined, 30);
  }

  // ---- wiring ------------------------------------------------------------------------

  buildFilters();
  render();
  cy.on('tap', 'node', (evt) => showNode(evt.target.data('index')));
  cy.on('tap', 'edge', (evt) => showEdge(evt.target.data('index'), false));
  cy.on('dbltap', 'node', (evt) => focusOn(evt.target.data('index')));
  document.getElementById('show-all').addEventListener('click', showAll);
  document.getElementById('search').addEventListener('input', suggest);
  document.getElementById('search-form').addEventListener('submit', (evt) => {
    evt.preventDefault();
    find(document.getElementById('search').value);
  });
  document.addEventListener('keydown', (evt) => { if (evt.key === 'Escape') hideSuggestions(); });

  // For tests and the browser console.
  window.kgpipe = { cy: cy, data: data, find: find, focusOn: focusOn, showAll: showAll };
  document.body.dataset.ready = 'true';
}());
