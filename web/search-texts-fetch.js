/* The search page's excerpts without downloading pages (book_fixes.py).
 *
 * Sphinx's search fetches each result's page to cut an excerpt from it.
 * From file:// a browser refuses such requests, so the book ships the
 * pages' text (search-texts.js, window.BOOK_SEARCH_TEXTS, keyed by the
 * page's path from the site's root) and this answers those fetches from
 * it. Any other request goes to the real fetch.
 */
(function () {
  "use strict";
  var texts = window.BOOK_SEARCH_TEXTS || {};
  var realFetch = window.fetch ? window.fetch.bind(window) : null;
  var root = new URL(document.documentElement.dataset.content_root || "./",
                     document.baseURI);

  function pageOf(resource) {
    var url;
    try {
      url = new URL(typeof resource === "string" ? resource : resource.url,
                    document.baseURI);
    } catch (e) {
      return null;
    }
    if (url.protocol !== root.protocol || url.host !== root.host) return null;
    if (url.pathname.indexOf(root.pathname) !== 0) return null;
    var path = decodeURIComponent(url.pathname.slice(root.pathname.length));
    return Object.prototype.hasOwnProperty.call(texts, path) ? path : null;
  }

  window.fetch = function (resource, options) {
    var page = pageOf(resource);
    if (page !== null) {
      return Promise.resolve(new Response(texts[page], {
        status: 200, headers: {"Content-Type": "text/html; charset=utf-8"}}));
    }
    if (!realFetch) return Promise.reject(new TypeError("fetch unavailable"));
    return realFetch(resource, options);
  };
})();
