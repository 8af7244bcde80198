const PRECACHE = [];
const VERSION = "dev";
// The service worker, served at /sw.js by a Django view that fills the two
// lines above: the hashed static files to keep and a version string.
//
// It keeps the app shell (static files, the offline page) and, per officer,
// the pages he needs to file a report with no signal: the visit forms of his
// open patrols, the open aspirations of their sectors, the outbox. A kept
// page holds no CSRF token and no client_uuid (the page makes a new one), and
// is served only to the officer it was fetched for. Map tiles and
// anything else from another site pass by untouched. Queued reports are in
// IndexedDB (outbox.js), which this worker never deletes: a new version
// takes over at once without losing one of them.
"use strict";

const SHELL = "shell-" + VERSION;
const META = "meta";
const USER_KEY = "/__current-user";
const OFFLINE_URL = "/offline/";
const PAGE_FRESH_MS = 10 * 60 * 1000;
const FRAGMENT_FRESH_MS = 6 * 60 * 60 * 1000;
// With a kept copy at hand, a navigation waits this long for the network.
const NETWORK_WAIT_MS = 8000;
const PAGES = [/^\/$/, /^\/patrols\/\d+\/$/, /^\/patrols\/\d+\/visits\/new\/$/, /^\/outbox\/$/];
const FRAGMENT = /^\/sectors\/\d+\/open-aspirations\/$/;

try {
  importScripts(PRECACHE.find((url) => /\/js\/outbox(\.[0-9a-f]+)?\.js$/.test(url)) || "/static/js/outbox.js");
} catch (error) {
  // Without it there is no Background Sync; the pages still send the outbox.
}

function pagesCache(userId) {
  return "pages-" + userId;
}

let currentUser = null;

async function getUser() {
  if (currentUser === null) {
    const meta = await caches.open(META);
    const kept = await meta.match(USER_KEY);
    currentUser = kept ? await kept.text() : "";
  }
  return currentUser;
}

// Another officer logged in on this phone: the pages kept for anyone else go.
async function setUser(userId) {
  userId = String(userId || "");
  if (userId === (await getUser())) {
    return;
  }
  currentUser = userId;
  const meta = await caches.open(META);
  await meta.put(USER_KEY, new Response(userId));
  if (!userId) {
    return;
  }
  const names = await caches.keys();
  await Promise.all(
    names.filter((name) => name.startsWith("pages-") && name !== pagesCache(userId)).map((name) => caches.delete(name))
  );
}

function keepable(pathname) {
  return PAGES.some((pattern) => pattern.test(pathname));
}

function isHtml(response) {
  return (response.headers.get("Content-Type") || "").includes("text/html");
}

// What a kept page must not hold: a token, and the identity of a report (a
// page opened from the cache gets a new uuid, and the time of now).
function scrub(html) {
  return html.replace(/<input\b[^>]*>/g, (tag) =>
    /name="(csrfmiddlewaretoken|client_uuid)"/.test(tag) ? tag.replace(/\bvalue="[^"]*"/, 'value=""') : tag
  );
}

async function keepPage(pathname, response) {
  if (!response.ok || response.redirected || !isHtml(response)) {
    return false;
  }
  const html = await response.text();
  const owner = (html.match(/<body[^>]*\bdata-user-id="(\d+)"/) || [])[1];
  // Only an officer's pages (they carry the outbox's count) are kept.
  if (!owner || !html.includes("data-outbox-count")) {
    return false;
  }
  await setUser(owner);
  const cache = await caches.open(pagesCache(owner));
  await cache.put(
    pathname,
    new Response(scrub(html), { headers: { "Content-Type": "text/html; charset=utf-8", "X-Kept-At": String(Date.now()) } })
  );
  return true;
}

function keptSince(response, ms) {
  return Boolean(response) && Number(response.headers.get("X-Kept-At")) > Date.now() - ms;
}

async function keptPage(pathname) {
  const userId = await getUser();
  if (!userId) {
    return undefined;
  }
  const cache = await caches.open(pagesCache(userId));
  return cache.match(pathname);
}

function wait(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function navigate(event, url) {
  const kept = keepable(url.pathname) ? await keptPage(url.pathname) : undefined;
  const network = fetch(event.request);
  try {
    const response = await (kept ? Promise.race([network, wait(NETWORK_WAIT_MS).then(() => Promise.reject(new Error("slow")))]) : network);
    if (keepable(url.pathname)) {
      event.waitUntil(keepPage(url.pathname, response.clone()));
    }
    return response;
  } catch (error) {
    if (kept) {
      return kept;
    }
    const offline = await caches.match(OFFLINE_URL, { cacheName: SHELL });
    return offline || Response.error();
  }
}

async function keepFragment(cache, pathname, response) {
  if (response.ok && !response.redirected && isHtml(response)) {
    const html = await response.text();
    await cache.put(
      pathname,
      new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "X-Kept-At": String(Date.now()) } })
    );
  }
}

async function fragment(event, url) {
  try {
    const response = await fetch(event.request);
    const userId = await getUser();
    if (userId) {
      const copy = response.clone();
      event.waitUntil(caches.open(pagesCache(userId)).then((cache) => keepFragment(cache, url.pathname, copy)));
    }
    return response;
  } catch (error) {
    return (await keptPage(url.pathname)) || Response.error();
  }
}

async function staticFile(request) {
  const names = (await caches.keys()).filter((name) => name.startsWith("shell-"));
  for (const name of [SHELL].concat(names)) {
    const hit = await caches.match(request, { cacheName: name });
    if (hit) {
      return hit;
    }
  }
  return fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname === "/sw.js") {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(navigate(event, url));
  } else if (FRAGMENT.test(url.pathname)) {
    event.respondWith(fragment(event, url));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(staticFile(request));
  }
});

// Pages a page asks to keep for its officer, fetched again only when their
// copy is some minutes (a page) or hours (a sector's aspirations) old.
async function keep(message) {
  await setUser(message.userId);
  if (!message.userId) {
    return;
  }
  const cache = await caches.open(pagesCache(message.userId));
  const wanted = (message.pages || []).filter(keepable).map((pathname) => [pathname, PAGE_FRESH_MS]);
  const fragments = (message.fragments || []).filter((pathname) => FRAGMENT.test(pathname));
  for (const [pathname, fresh] of wanted.concat(fragments.map((pathname) => [pathname, FRAGMENT_FRESH_MS]))) {
    if (keptSince(await cache.match(pathname), fresh)) {
      continue;
    }
    try {
      const response = await fetch(pathname, { credentials: "same-origin" });
      if (FRAGMENT.test(pathname)) {
        await keepFragment(cache, pathname, response);
      } else {
        await keepPage(pathname, response);
      }
    } catch (error) {
      return;
    }
  }
}

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "user" && message.userId) {
    event.waitUntil(setUser(message.userId));
  } else if (message.type === "user") {
    // An anonymous page (the login page) serves no one's kept pages, and
    // deletes none: the officer whose session ended may log in again.
    currentUser = "";
    event.waitUntil(caches.open(META).then((meta) => meta.put(USER_KEY, new Response(""))));
  } else if (message.type === "keep") {
    event.waitUntil(keep(message));
  }
});

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      // From the server, not from the HTTP cache: an install never keeps a stale copy.
      .then((cache) => cache.addAll(Array.from(new Set(PRECACHE.concat([OFFLINE_URL])), (url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting())
  );
});

// The new version refreshes the kept pages (they name the new static files);
// an old shell is deleted only once nothing kept may still need it.
async function takeOver() {
  let fresh = true;
  const userId = await getUser();
  if (userId) {
    const cache = await caches.open(pagesCache(userId));
    for (const request of await cache.keys()) {
      const pathname = new URL(request.url).pathname;
      if (!keepable(pathname)) {
        continue;
      }
      try {
        fresh = (await keepPage(pathname, await fetch(pathname, { credentials: "same-origin" }))) && fresh;
      } catch (error) {
        fresh = false;
      }
    }
  }
  if (fresh) {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith("shell-") && name !== SHELL).map((name) => caches.delete(name)));
  }
  await self.clients.claim();
}

self.addEventListener("activate", (event) => {
  event.waitUntil(takeOver());
});

self.addEventListener("sync", (event) => {
  const match = /^outbox-(\d+)$/.exec(event.tag);
  if (!match || !self.PatroliOutbox) {
    return;
  }
  event.waitUntil(
    self.PatroliOutbox.drain(match[1]).then((outcome) => {
      if (outcome.stopped === "offline" || outcome.stopped === "server") {
        // The browser tries a failed sync again later.
        throw new Error("outbox not sent: " + outcome.stopped);
      }
    })
  );
});
