// Lumen Optics' own storefront code: catalog rendering, cart in localStorage, checkout. NOT part of Focal.
// It talks to Focal only the way a retailer would: window.focal.track(...) for product views, add-to-cart and
// purchases, focal.identify(...) on log-in, and focal.describe(...) for products it lists itself. Everything else
// (the carousels, the promo slot) comes from the data-focal-* elements in the HTML.
(function () {
  'use strict';
  var CART = 'lumen-cart';
  // Always go through window.focal: it is the snippet's queue until focal.min.js has loaded, then the real SDK.
  var focal = {
    track: function () { return window.focal.track.apply(window.focal, arguments); },
    identify: function () { return window.focal.identify.apply(window.focal, arguments); },
    describe: function () { return window.focal.describe && window.focal.describe.apply(window.focal, arguments); },
    flush: function () { return window.focal.flush.apply(window.focal, arguments); },
  };
  /**
   * Runs fn once focal.min.js has run (at once when it has): only then is window.focal the SDK, with focal.attribution
   * read from the link this page was reached by. Before, window.focal is the snippet's queue (it has `q`), and a view
   * tracked with its attribution then went out without it (the bundle loads async: a slow network, a busy CDN).
   */
  function whenFocalLoaded(fn) {
    if (!window.focal.q) return fn();
    var tag = document.querySelector('script[data-site-key]');
    var once = function () { tag.removeEventListener('load', once); tag.removeEventListener('error', once); fn(); };
    tag.addEventListener('load', once);
    tag.addEventListener('error', once);
  }
  var fmt = new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' });
  var $ = function (sel) { return document.querySelector(sel); };

  function readCart() { try { return JSON.parse(localStorage.getItem(CART) || '[]'); } catch (e) { return []; } }
  function writeCart(lines) { localStorage.setItem(CART, JSON.stringify(lines)); showCount(); }
  function showCount() {
    var n = readCart().reduce(function (sum, l) { return sum + l.quantity; }, 0);
    document.querySelectorAll('[data-cart-count]').forEach(function (el) { el.textContent = String(n); });
  }
  /** The product of this product page (its add-to-cart is credited like its view). */
  var landed;
  function addToCart(product) {
    var lines = readCart();
    var line = lines.find(function (l) { return l.productId === product.id; });
    if (line) line.quantity += 1; else lines.push({ productId: product.id, title: product.title, price: product.price, quantity: 1 });
    writeCart(lines);
    // Focal: an add-to-cart, with the quantity added and the unit price; the product a recommendation led to carries it.
    whenFocalLoaded(function () {
      focal.track('add_to_cart', Object.assign({ productId: product.id, quantity: 1, price: product.price }, product.id === landed ? window.focal.attribution : undefined));
    });
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { if (k === 'text') node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }
  function card(p, quickLook) {
    var children = [
      el('a', { href: p.url }, [el('img', { src: p.image, alt: '', width: '400', height: '300', loading: 'lazy' }), el('span', { class: 'title', text: p.title })]),
      el('span', { class: 'price', text: fmt.format(p.price) }),
    ];
    if (quickLook) children.push(el('button', { type: 'button', 'data-quick': p.id, 'aria-label': 'Quick look: ' + p.title, text: 'Quick look' }));
    return el('li', { class: 'card', 'data-id': p.id, 'data-kind': p.categoryPath.slice(0, 2).join('/'), 'data-shape': String((p.attributes || {}).shape || '') }, children);
  }
  var CATEGORIES = {
    'optical-frames': { title: 'Optical frames', test: function (p) { return p.categoryPath[1] === 'Optical frames'; } },
    sunglasses: { title: 'Sunglasses', test: function (p) { return p.categoryPath[1] === 'Sunglasses'; } },
    lenses: { title: 'Lenses', test: function (p) { return p.categoryPath[0] === 'Lenses'; } },
    'contact-lenses': { title: 'Contact lenses', test: function (p) { return p.categoryPath[0] === 'Contact lenses'; } },
    accessories: { title: 'Accessories and eye care', test: function (p) { return p.categoryPath[0] === 'Accessories' || p.categoryPath[0] === 'Eye care'; } },
  };

  function home(catalog) {
    var frames = catalog.filter(function (p) { return p.categoryPath[0] === 'Frames' && p.inStock; });
    // Up to three frames of each kind and shape, so a shopper can browse by style.
    var seen = {};
    var picked = frames.filter(function (p) { var s = p.categoryPath[1] + p.attributes.shape; seen[s] = (seen[s] || 0) + 1; return seen[s] <= 3; }).slice(0, 24);
    var list = $('[data-browse]');
    picked.forEach(function (p) { list.appendChild(card(p, true)); });
    // Focal: these frames are listed by the store, not by a placement; tell the device reranker what they are.
    focal.describe(picked);
    var dialog = $('[data-quick-look]');
    list.addEventListener('click', function (event) {
      var id = event.target.getAttribute && event.target.getAttribute('data-quick');
      if (!id) return;
      var p = catalog.find(function (x) { return x.id === id; });
      $('[data-ql-image]').src = p.image; $('[data-ql-image]').alt = p.title;
      $('[data-ql-title]').textContent = p.title; $('[data-ql-price]').textContent = fmt.format(p.price);
      $('[data-ql-link]').href = p.url;
      dialog.showModal();
      // Focal: a quick look is a product view.
      focal.track('product_view', { productId: p.id });
    });
    $('[data-ql-close]').addEventListener('click', function () { dialog.close(); });
    var status = $('[data-student-status]');
    if (localStorage.getItem('lumen-student')) status.textContent = 'Logged in as a demo student.';
    $('[data-student-login]').addEventListener('click', function () {
      // Focal: the shopper's traits. A signed-in shop would call focal.identify(userId, { token, traits }) with a JWT
      // from its auth server; this demo has no accounts, so it records the trait on the anonymous shopper (an
      // identify event without a user id), which the CMS slot reads from the anonymous profile.
      Promise.resolve(focal.track('identify', { traits: { student: true } })).then(function () {
        return focal.flush();
      }).then(function () {
        localStorage.setItem('lumen-student', '1');
        status.textContent = 'Logged in as a demo student: reloading the offers…';
        setTimeout(function () { location.reload(); }, 300);
      });
    });
  }

  function category(catalog) {
    var list = $('[data-category]');
    var c = CATEGORIES[list.getAttribute('data-category')];
    if (!c) { $('[data-category-title]').textContent = 'No such category'; return; }
    document.title = c.title + ' · Lumen Optics';
    $('[data-category-title]').textContent = c.title;
    var products = catalog.filter(c.test).slice(0, 40);
    products.forEach(function (p) { list.appendChild(card(p, false)); });
    focal.describe(products);
  }

  function product(catalog) {
    var article = $('[data-product]');
    var p = catalog.find(function (x) { return x.id === article.getAttribute('data-product'); });
    document.title = p.title + ' · Lumen Optics';
    // the article itself comes rendered by the store's server (no layout shift); this wires its button
    var button = article.querySelector('[data-add]');
    button.addEventListener('click', function () { addToCart(p); $('[data-added]').textContent = 'Added to your cart.'; });
    focal.describe([p]);
    // Focal: a product page view, credited to the recommendation it was reached from (focal.attribution: its request,
    // placement and position, read from the link by the script tag; undefined otherwise).
    landed = p.id;
    whenFocalLoaded(function () { focal.track('product_view', Object.assign({ productId: p.id }, window.focal.attribution)); });
  }

  function cart(catalog) {
    var box = $('[data-cart]');
    var lines = readCart();
    // (an empty cart's "Your cart is empty." is in cart.html, shown before the first paint)
    if (!lines.length) return;
    var table = el('ul', { class: 'lines' }, lines.map(function (l) {
      return el('li', {}, [el('a', { href: '/products/' + l.productId, text: l.title }), el('span', { text: l.quantity + ' × ' + fmt.format(l.price) })]);
    }));
    var total = lines.reduce(function (s, l) { return s + l.price * l.quantity; }, 0);
    box.appendChild(table);
    box.appendChild(el('p', { class: 'total', text: 'Total ' + fmt.format(total) }));
    box.appendChild(el('a', { class: 'primary', href: '/checkout', text: 'Checkout' }));
    // Focal: a placement added after load is mounted too (MutationObserver); the cart is its context.
    $('[data-add-ons]').appendChild(el('div', { 'data-focal-placement': 'cart-add-ons', 'data-focal-items': lines.map(function (l) { return l.productId; }).join(','),
      'data-focal-title': 'Add-ons for your glasses', 'data-focal-limit': '6', 'data-focal-height': '340', style: 'min-height:340px' }));
    // Add-ons bought from the cart carousel: the widget links go to product pages, where "Add to cart" is.
  }

  function checkout() {
    var lines = readCart();
    var total = lines.reduce(function (s, l) { return s + l.price * l.quantity; }, 0);
    $('[data-checkout-summary]').textContent = lines.length ? lines.length + ' item(s), ' + fmt.format(total) : 'Your cart is empty.';
    $('[data-checkout]').addEventListener('submit', function (event) {
      event.preventDefault();
      if (!lines.length) return;
      var orderId = 'ord-' + Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
      // Focal: the purchase, once, with its line items. flush() sends it now rather than on the next tick.
      focal.track('purchase', { orderId: orderId, currency: 'EUR', revenue: Math.round(total * 100) / 100,
        lineItems: lines.map(function (l) { return { productId: l.productId, quantity: l.quantity, price: l.price }; }) });
      Promise.resolve(focal.flush && focal.flush()).catch(function () {}).then(function () {
        writeCart([]);
        location.href = '/order?id=' + encodeURIComponent(orderId) + (location.search.indexOf('debug') >= 0 ? '&debug' : '');
      });
    });
  }

  function order() {
    var id = new URLSearchParams(location.search).get('id');
    $('[data-order]').textContent = id ? 'Order ' + id + ' is confirmed.' : 'No order.';
  }

  showCount();
  var pages = [['[data-browse]', home], ['[data-category]', category], ['[data-product]', product], ['[data-cart]', cart]];
  if ($('[data-checkout]')) checkout();
  if ($('[data-order]')) order();
  fetch('/catalog.json').then(function (r) { return r.json(); }).then(function (catalog) {
    pages.forEach(function (entry) { if ($(entry[0])) entry[1](catalog); });
    document.documentElement.setAttribute('data-store-ready', '');
  });
})();
