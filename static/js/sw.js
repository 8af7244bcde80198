// The officer app's service worker; /sw.js serves it with these two lines filled in (offline/shell.py).
const PRECACHE = [];
const VERSION = "dev";
