// The outbox: reports that have not reached the server yet, kept in
// IndexedDB with their photos, one database per officer so that a second
// officer on a shared phone neither sees nor sends the first one's. A report
// leaves the outbox only when the server has confirmed it; it is sent with
// its client_uuid, so a send whose answer was lost finds the visit it made.
// No DOM here: the service worker loads this file too (Background Sync).
(function (scope) {
  "use strict";
  var DB_PREFIX = "patroli-dialogis-outbox-";
  var STORE = "reports";
  var CHANNEL = "patroli-dialogis-outbox";
  var TOKEN_URL = "/outbox/token";
  // States a report can be in. Sending is tried for WAITING and LOGIN ones;
  // INVALID and REFUSED wait for the officer; DRAFT was taken back to edit.
  var WAITING = "waiting";
  var LOGIN = "login";
  var INVALID = "invalid";
  var REFUSED = "refused";
  var DRAFT = "draft";
  var CONFIRMED = ["created", "duplicate", "ended", "already_ended"];
  // Answers that sending again would not change: the officer decides.
  var REFUSALS = ["forbidden", "not_found"];

  if (!scope.indexedDB) {
    return;
  }

  function request(result) {
    return new Promise(function (resolve, reject) {
      result.onsuccess = function () {
        resolve(result.result);
      };
      result.onerror = function () {
        reject(result.error);
      };
    });
  }

  var databases = {};
  function open(userId) {
    if (!databases[userId]) {
      var opening = scope.indexedDB.open(DB_PREFIX + userId, 1);
      opening.onupgradeneeded = function () {
        opening.result.createObjectStore(STORE, { keyPath: "uuid" });
      };
      databases[userId] = request(opening);
    }
    return databases[userId];
  }

  function store(userId, mode) {
    return open(userId).then(function (db) {
      return db.transaction(STORE, mode).objectStore(STORE);
    });
  }

  function announce(userId) {
    if (typeof BroadcastChannel !== "undefined") {
      var channel = new BroadcastChannel(CHANNEL);
      channel.postMessage({ userId: String(userId) });
      channel.close();
    }
  }

  function all(userId) {
    return store(userId, "readonly")
      .then(function (reports) {
        return request(reports.getAll());
      })
      .then(function (records) {
        return records.sort(function (a, b) {
          return a.createdAt - b.createdAt;
        });
      });
  }

  function get(userId, uuid) {
    return store(userId, "readonly").then(function (reports) {
      return request(reports.get(uuid));
    });
  }

  function put(userId, record) {
    return store(userId, "readwrite")
      .then(function (reports) {
        return request(reports.put(record));
      })
      .then(function () {
        announce(userId);
        return record;
      });
  }

  function remove(userId, uuid) {
    return store(userId, "readwrite")
      .then(function (reports) {
        return request(reports.delete(uuid));
      })
      .then(function () {
        announce(userId);
      });
  }

  function waiting(record) {
    return record.state === WAITING || record.state === LOGIN;
  }

  function answer(response) {
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("application/json") < 0) {
      // A login page or an error page is never taken for success.
      var login = response.redirected && /\/accounts\/login\//.test(response.url);
      return Promise.resolve({ status: login ? "login_required" : "unconfirmed", code: response.status });
    }
    return response.json().then(
      function (body) {
        body.code = response.status;
        return body;
      },
      function () {
        return { status: "unconfirmed", code: response.status };
      }
    );
  }

  function token() {
    return fetch(TOKEN_URL, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" },
    }).then(answer);
  }

  function body(record) {
    var data = new FormData();
    record.fields.forEach(function (pair) {
      data.append(pair[0], pair[1]);
    });
    (record.photos || []).forEach(function (photo) {
      data.append("photos", photo.blob, photo.name);
    });
    if (record.recordedAt) {
      data.append("recorded_at", record.recordedAt);
    }
    return data;
  }

  function post(record, csrf) {
    return fetch(record.url, {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json", "X-CSRFToken": csrf },
      body: body(record),
    }).then(answer, function () {
      return { status: "offline" };
    });
  }

  // What happened to one report: confirmed, or a state to keep it in.
  function settle(userId, record, result, outcome) {
    outcome.results[record.uuid] = result;
    if (CONFIRMED.indexOf(result.status) >= 0) {
      outcome.sent += 1;
      return remove(userId, record.uuid);
    }
    record.attempts = (record.attempts || 0) + 1;
    record.lastTry = Date.now();
    record.lastError = result.status;
    if (result.status === "invalid") {
      record.state = INVALID;
      record.errors = result.errors || {};
      record.aspirationErrors = result.aspirations || [];
    } else if (REFUSALS.indexOf(result.status) >= 0) {
      record.state = REFUSED;
      record.reason = result.reason || "";
    } else if (result.status === "login_required") {
      record.state = LOGIN;
    }
    return put(userId, record);
  }

  function markLogin(userId, records) {
    return Promise.all(
      records.map(function (record) {
        record.state = LOGIN;
        record.lastError = "login_required";
        return put(userId, record);
      })
    );
  }

  function stopReason(record) {
    if (record.state === LOGIN) {
      return "login";
    }
    return record.lastError === "offline" ? "offline" : "server";
  }

  // Sends the waiting reports one at a time, oldest first. Stops at the
  // first that did not get through for want of a network or a session:
  // the ones after it would fare no better. A report another sender tried
  // after this sending was asked for (the page and the worker both start
  // one when the signal returns) is not tried again at once: it waits for
  // the next try like any report that did not get through.
  function sendAll(userId, asked) {
    var outcome = { sent: 0, stopped: null, results: {} };
    return all(userId).then(function (records) {
      var queue = records.filter(waiting);
      var tried = queue.find(function (record) {
        return record.lastTry >= asked;
      });
      if (tried) {
        outcome.stopped = stopReason(tried);
        return outcome;
      }
      if (!queue.length) {
        return outcome;
      }
      return token().then(
        function (reply) {
          if (reply.status === "login_required") {
            outcome.stopped = "login";
            return markLogin(userId, queue).then(function () {
              return outcome;
            });
          }
          if (!reply.csrf_token) {
            outcome.stopped = "offline";
            return outcome;
          }
          if (String(reply.user_id) !== String(userId)) {
            // Another officer is logged in on this phone: not his to send.
            outcome.stopped = "other_user";
            return outcome;
          }
          var csrf = reply.csrf_token;
          function next(index, retried) {
            if (index >= queue.length) {
              return outcome;
            }
            var record = queue[index];
            return post(record, csrf).then(function (result) {
              if (result.status === "forbidden" && result.csrf && !retried) {
                // A token that changed since it was read: read it again, once.
                return token().then(function (fresh) {
                  csrf = fresh.csrf_token || csrf;
                  return next(index, true);
                });
              }
              return settle(userId, record, result, outcome).then(function () {
                if (result.status === "login_required") {
                  outcome.stopped = "login";
                  return markLogin(userId, queue.slice(index + 1)).then(function () {
                    return outcome;
                  });
                }
                if (CONFIRMED.indexOf(result.status) < 0 && result.status !== "invalid" && REFUSALS.indexOf(result.status) < 0) {
                  outcome.stopped = result.status === "offline" ? "offline" : "server";
                  return outcome;
                }
                return next(index + 1, false);
              });
            });
          }
          return next(0, false);
        },
        function () {
          outcome.stopped = "offline";
          return outcome;
        }
      );
    });
  }

  // One sender at a time across tabs and the worker, where the browser can
  // say so; otherwise a report sent twice at once still makes one visit.
  function drain(userId) {
    var asked = Date.now();
    if (scope.navigator.locks) {
      return scope.navigator.locks.request(DB_PREFIX + userId, function () {
        return sendAll(userId, asked);
      });
    }
    return sendAll(userId, asked);
  }

  // The worker clears no IndexedDB, ever; logging out clears only drafts.
  function dropDrafts(userId) {
    return all(userId).then(function (records) {
      return Promise.all(
        records
          .filter(function (record) {
            return record.state === DRAFT;
          })
          .map(function (record) {
            return remove(userId, record.uuid);
          })
      );
    });
  }

  scope.PatroliOutbox = {
    CHANNEL: CHANNEL,
    WAITING: WAITING,
    LOGIN: LOGIN,
    INVALID: INVALID,
    REFUSED: REFUSED,
    DRAFT: DRAFT,
    all: all,
    get: get,
    put: put,
    remove: remove,
    drain: drain,
    dropDrafts: dropDrafts,
    waiting: waiting,
  };
})(self);
