// Every page: the service worker, the count of reports waiting to be sent,
// sending them when the signal comes back, drafts that end with the
// session, and the /outbox/ and patrol pages' lists of waiting reports.
(function () {
  "use strict";
  var body = document.body;
  var userId = body.dataset.userId || "";
  var texts = (document.getElementById("offline-texts") || body).dataset;
  var outbox = window.PatroliOutbox;
  var DRAFT_PREFIX = "patroli-dialogis:draft:";
  var NOTICE_KEY = "patroli-dialogis:notice";
  // A draft lives as long as a late report is still accepted (LATE_REPORT_DAYS).
  var DRAFT_DAYS = 7;
  var DAY_MS = 24 * 60 * 60 * 1000;
  var language = document.documentElement.lang || "id";

  function fill(template, values) {
    return (template || "").replace(/%\((\w+)\)s/g, function (match, name) {
      return values[name];
    });
  }

  var storage = null;
  try {
    storage = window.localStorage;
  } catch (error) {
    storage = null;
  }

  var loggingOut = false;

  // Drafts of visit reports, one per officer and patrol, in localStorage.
  var drafts = {
    key: function (patrolId) {
      return DRAFT_PREFIX + userId + ":visit:" + patrolId;
    },
    read: function (key) {
      if (!storage) {
        return null;
      }
      try {
        var draft = JSON.parse(storage.getItem(key));
        if (draft && draft.savedAt > Date.now() - DRAFT_DAYS * DAY_MS) {
          return draft;
        }
      } catch (error) {
        // Unreadable is as good as gone.
      }
      storage.removeItem(key);
      return null;
    },
    write: function (key, draft) {
      // Leaving the page while logging out must not write the draft back.
      if (loggingOut) {
        return false;
      }
      draft.savedAt = Date.now();
      try {
        storage.setItem(key, JSON.stringify(draft));
        return true;
      } catch (error) {
        return false;
      }
    },
    remove: function (key) {
      if (storage) {
        storage.removeItem(key);
      }
    },
    keys: function () {
      return storage
        ? Object.keys(storage).filter(function (key) {
            return key.indexOf(DRAFT_PREFIX) === 0;
          })
        : [];
    },
    // Expired drafts go, and so do drafts written before they were kept
    // per officer: whose they are cannot be told.
    sweep: function () {
      drafts.keys().forEach(function (key) {
        if (!/^patroli-dialogis:draft:\d+:/.test(key)) {
          storage.removeItem(key);
        } else {
          drafts.read(key);
        }
      });
    },
    forgetUser: function (id) {
      drafts.keys().forEach(function (key) {
        if (key.indexOf(DRAFT_PREFIX + id + ":") === 0) {
          storage.removeItem(key);
        }
      });
    },
  };

  function notice(text) {
    try {
      window.sessionStorage.setItem(NOTICE_KEY, text);
    } catch (error) {
      // The page the officer lands on says it anyway.
    }
  }

  function showNotice() {
    var text = null;
    try {
      text = window.sessionStorage.getItem(NOTICE_KEY);
      window.sessionStorage.removeItem(NOTICE_KEY);
    } catch (error) {
      return;
    }
    var main = document.getElementById("main");
    if (!text || !main) {
      return;
    }
    var alert = document.createElement("div");
    alert.className = "alert alert-success";
    alert.setAttribute("role", "status");
    alert.textContent = text;
    main.prepend(alert);
  }

  function pad(number) {
    return String(number).padStart(2, "0");
  }
  function localMinute(date) {
    return (
      date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) + "T" + pad(date.getHours()) + ":" + pad(date.getMinutes())
    );
  }
  function isoWithOffset(date) {
    var offset = -date.getTimezoneOffset();
    var sign = offset >= 0 ? "+" : "-";
    offset = Math.abs(offset);
    return localMinute(date) + ":" + pad(date.getSeconds()) + sign + pad(Math.floor(offset / 60)) + ":" + pad(offset % 60);
  }
  window.PatroliOffline = {
    userId: userId,
    texts: texts,
    drafts: drafts,
    notice: notice,
    fill: fill,
    localMinute: localMinute,
    isoWithOffset: isoWithOffset,
  };
  drafts.sweep();
  showNotice();

  function tellWorker(message) {
    if (!("serviceWorker" in navigator)) {
      return;
    }
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) {
        registration.active.postMessage(message);
      }
    });
  }

  // Logging out takes this officer's drafts and kept pages with it; his
  // outbox stays, to be sent when he logs in again.
  document.querySelectorAll("form[data-logout]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.cleared) {
        return;
      }
      event.preventDefault();
      var done = function () {
        if (!form.dataset.cleared) {
          form.dataset.cleared = "1";
          form.submit();
        }
      };
      // Logging out must not wait on a slow storage, nor stop at one that fails.
      window.setTimeout(done, 2000);
      try {
        var id = userId;
        loggingOut = true;
        drafts.forgetUser(id);
        var steps = [outbox && id ? outbox.dropDrafts(id) : null];
        if (window.caches) {
          steps.push(window.caches.delete("pages-" + id));
        }
        tellWorker({ type: "user", userId: "" });
        Promise.all(steps).then(done, done);
      } catch (error) {
        done();
      }
    });
  });

  if ("serviceWorker" in navigator && body.dataset.swUrl) {
    navigator.serviceWorker.register(body.dataset.swUrl, { scope: "/" }).catch(function () {
      // Without a worker the app works online as before.
    });
    tellWorker({ type: "user", userId: userId });
  }

  if (!userId) {
    return;
  }

  // Pages this officer needs with no signal: the visit forms linked from
  // here (his patrols that take reports), the outbox, and on a visit form
  // the open aspirations of each sector it lists. Pages he opens are kept
  // by the worker as they pass.
  var keep = Array.from(document.querySelectorAll("a[href]"))
    .map(function (link) {
      return new URL(link.href, window.location.href);
    })
    .filter(function (url) {
      return url.origin === window.location.origin && /^\/patrols\/\d+\/visits\/new\/$/.test(url.pathname);
    })
    .map(function (url) {
      return url.pathname;
    });
  if (body.dataset.outboxUrl) {
    keep.push(body.dataset.outboxUrl);
  }
  var sectors = document.querySelector("#open-aspirations[data-url]");
  var fragments = [];
  if (sectors) {
    fragments = Array.from(document.querySelectorAll("#id_sector option"))
      .filter(function (option) {
        return option.value;
      })
      .map(function (option) {
        return sectors.dataset.url.replace("/0/", "/" + option.value + "/");
      });
  }
  tellWorker({ type: "keep", userId: userId, pages: keep, fragments: fragments });

  if (navigator.storage && navigator.storage.persist) {
    navigator.storage.persisted().then(function (persisted) {
      if (!persisted) {
        navigator.storage.persist();
      }
    });
  }

  // Safari erases a site's storage after seven days without a visit, unless
  // the site was added to the home screen.
  var ios = document.getElementById("ios-install");
  var isIos = /iPad|iPhone|iPod/.test(navigator.userAgent) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  if (ios && isIos && !navigator.standalone) {
    var dismissed = storage && storage.getItem("patroli-dialogis:ios-hint");
    if (!dismissed) {
      document.getElementById("main").prepend(ios);
      ios.hidden = false;
      ios.querySelector("button").addEventListener("click", function () {
        ios.hidden = true;
        if (storage) {
          storage.setItem("patroli-dialogis:ios-hint", "1");
        }
      });
    }
  }

  if (!outbox) {
    return;
  }

  var STATE_TEXT = {
    waiting: texts.stateWaiting,
    login: texts.stateLogin,
    invalid: texts.stateInvalid,
    refused: texts.stateRefused,
    draft: texts.stateDraft,
  };
  var ERROR_TEXT = {
    offline: texts.errorOffline,
    unconfirmed: texts.errorServer,
    login_required: texts.stateLogin,
  };

  function time(ms) {
    return new Date(ms).toLocaleString(language, { day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit" });
  }

  function messages(record) {
    var lines = [];
    Object.keys(record.errors || {}).forEach(function (field) {
      record.errors[field].forEach(function (message) {
        lines.push(message);
      });
    });
    (record.aspirationErrors || []).forEach(function (errors, index) {
      Object.keys(errors || {}).forEach(function (field) {
        errors[field].forEach(function (message) {
          lines.push(fill(texts.aspirationError, { n: index + 1, message: message }));
        });
      });
    });
    if (record.reason) {
      lines.push(record.reason);
    }
    return lines;
  }

  function values(record) {
    var result = {};
    record.fields.forEach(function (pair) {
      (result[pair[0]] = result[pair[0]] || []).push(pair[1]);
    });
    return result;
  }

  // Back to a draft: the form opens with it, photos included, unlocked.
  function toDraft(record, replace) {
    var key = drafts.key(record.patrolId);
    if (drafts.read(key) && !replace) {
      return Promise.resolve(false);
    }
    var written = drafts.write(key, {
      uuid: record.uuid,
      values: values(record),
      photos: (record.photos || []).map(function (photo) {
        return photo.name;
      }),
      errors: messages(record),
    });
    if (!written) {
      return Promise.resolve(false);
    }
    record.state = outbox.DRAFT;
    return outbox.put(userId, record).then(function () {
      return true;
    });
  }

  // One refresh at a time: two at once would both move a refused report.
  var refreshing = Promise.resolve();
  function refresh() {
    refreshing = refreshing.then(redraw, redraw);
    return refreshing;
  }

  function redraw() {
    return outbox.all(userId).then(function (records) {
      // A report the server refused returns to the officer as a draft.
      var invalid = records.filter(function (record) {
        return record.state === outbox.INVALID && record.kind === "visit" && !record.offered;
      });
      return Promise.all(
        invalid.map(function (record) {
          return toDraft(record, false).then(function (moved) {
            if (!moved) {
              record.offered = true;
              return outbox.put(userId, record);
            }
            return null;
          });
        })
      ).then(function () {
        // The photos of a draft that expired or was replaced go with it.
        var orphans = records.filter(function (record) {
          var draft = record.state === outbox.DRAFT && drafts.read(drafts.key(record.patrolId));
          return record.state === outbox.DRAFT && (!draft || draft.uuid !== record.uuid);
        });
        return Promise.all(
          orphans.map(function (record) {
            return outbox.remove(userId, record.uuid);
          })
        );
      }).then(function () {
        return outbox.all(userId);
      });
    }).then(function (records) {
      var queued = records.filter(function (record) {
        return record.state !== outbox.DRAFT;
      });
      showCount(queued);
      showPending(queued);
      showList(queued);
      return queued;
    });
  }

  function showCount(records) {
    var login = records.some(function (record) {
      return record.state === outbox.LOGIN;
    });
    document.querySelectorAll("[data-outbox-count]").forEach(function (badge) {
      var text = records.length === 1 ? badge.dataset.one : fill(badge.dataset.many, { n: records.length });
      badge.hidden = records.length === 0;
      badge.textContent = login ? text + " · " + badge.dataset.login : text;
    });
  }

  function showPending(records) {
    document.querySelectorAll("[data-patrol-pending]").forEach(function (box) {
      var mine = records.filter(function (record) {
        return String(record.patrolId) === box.dataset.patrolPending;
      });
      box.hidden = mine.length === 0;
      var title = document.createElement("h2");
      title.className = "h6";
      title.textContent = box.dataset.title + " (" + mine.length + ")";
      var list = document.createElement("ul");
      list.className = "list-group mb-3";
      mine.forEach(function (record) {
        var item = document.createElement("li");
        item.className = "list-group-item list-group-item-warning small";
        item.dataset.pendingUuid = record.uuid;
        item.textContent = record.label + " · " + STATE_TEXT[record.state];
        list.append(item);
      });
      box.replaceChildren(title, list);
    });
  }

  function button(text, className, action) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "btn " + className;
    element.textContent = text;
    element.addEventListener("click", action);
    return element;
  }

  function showList(records) {
    var list = document.querySelector("[data-outbox-list]");
    if (!list) {
      return;
    }
    document.querySelectorAll("[data-outbox-empty]").forEach(function (empty) {
      empty.hidden = records.length > 0;
    });
    list.replaceChildren(
      ...records.map(function (record) {
        var item = document.createElement("li");
        item.className = "list-group-item outbox-item";
        item.dataset.outboxUuid = record.uuid;
        var title = document.createElement("div");
        title.className = "fw-semibold";
        title.textContent = record.label;
        var state = document.createElement("div");
        state.className = "small";
        var detail = [STATE_TEXT[record.state], fill(texts.queuedAt, { time: time(record.createdAt) })];
        if (record.photos && record.photos.length) {
          detail.push(fill(texts.photos, { n: record.photos.length }));
        }
        state.textContent = detail.join(" · ");
        item.append(title, state);
        var problems = messages(record);
        if (!problems.length && record.lastError && ERROR_TEXT[record.lastError]) {
          problems.push(fill(ERROR_TEXT[record.lastError], { time: time(record.lastTry) }));
        }
        if (problems.length) {
          var error = document.createElement("ul");
          error.className = "small text-danger mb-1 outbox-error";
          problems.forEach(function (problem) {
            var line = document.createElement("li");
            line.textContent = problem;
            error.append(line);
          });
          item.append(error);
        }
        var actions = document.createElement("div");
        actions.className = "d-flex flex-wrap gap-2 mt-2";
        if (record.kind === "visit") {
          actions.append(
            button(texts.toDraft, "btn-outline-primary", function () {
              var replace = !drafts.read(drafts.key(record.patrolId)) || window.confirm(texts.replaceDraft);
              if (!replace) {
                return;
              }
              toDraft(record, true).then(function () {
                window.location.assign(record.formUrl);
              });
            })
          );
        }
        actions.append(
          button(texts.remove, "btn-outline-danger", function () {
            if (window.confirm(texts.removeConfirm)) {
              outbox.remove(userId, record.uuid).then(refresh);
            }
          })
        );
        item.append(actions);
        return item;
      })
    );
  }

  // Sending: now, when the signal returns, when the app comes back to the
  // front, by the officer's button, and on a timer that waits longer after
  // each failure (15 s, 30 s, … up to 5 minutes).
  var BACKOFF_MS = 15000;
  var BACKOFF_MAX_MS = 300000;
  var delay = BACKOFF_MS;
  var timer = null;
  var sending = null;

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(send, delay);
    delay = Math.min(delay * 2, BACKOFF_MAX_MS);
  }

  function send() {
    if (sending) {
      return sending;
    }
    window.clearTimeout(timer);
    sending = outbox
      .drain(userId)
      .then(function (outcome) {
        if (outcome.stopped === "offline" || outcome.stopped === "server") {
          later();
        } else {
          delay = BACKOFF_MS;
        }
        if (outcome.sent) {
          notice(fill(texts.sent, { n: outcome.sent }));
          showNotice();
        }
        return outcome;
      })
      .catch(function () {
        later();
        return { sent: 0, stopped: "error", results: {} };
      })
      .then(function (outcome) {
        sending = null;
        return refresh().then(function () {
          return outcome;
        });
      });
    return sending;
  }

  function sync() {
    if (!("serviceWorker" in navigator)) {
      return;
    }
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) {
        registration.sync.register("outbox-" + userId).catch(function () {
          // Background Sync refused: the page's own triggers remain.
        });
      }
    });
  }

  window.PatroliOffline.send = send;
  window.PatroliOffline.sync = sync;
  window.PatroliOffline.refresh = refresh;

  document.querySelectorAll("[data-outbox-send]").forEach(function (element) {
    element.addEventListener("click", function () {
      delay = BACKOFF_MS;
      send();
    });
  });
  window.addEventListener("online", function () {
    delay = BACKOFF_MS;
    send();
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      send();
    }
  });
  if (typeof BroadcastChannel !== "undefined") {
    new BroadcastChannel(outbox.CHANNEL).addEventListener("message", function (event) {
      if (event.data.userId === userId) {
        refresh();
      }
    });
  }

  refresh().then(function (records) {
    if (records.some(outbox.waiting)) {
      send();
    }
  });

  // Ending a patrol with no signal: queued like a report, with its time.
  document.querySelectorAll("form[method=post]").forEach(function (form) {
    var match = new URL(form.action, window.location.href).pathname.match(/^\/patrols\/(\d+)\/end\/$/);
    if (!match) {
      return;
    }
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented || navigator.onLine !== false) {
        return;
      }
      event.preventDefault();
      if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
        return;
      }
      var now = new Date();
      var record = {
        uuid: "end-" + match[1],
        kind: "end",
        patrolId: match[1],
        url: match[0],
        fields: [["ended_at", localMinute(now)]],
        photos: [],
        label: fill(texts.endLabel, { time: localMinute(now).slice(11) }),
        createdAt: now.getTime(),
        recordedAt: isoWithOffset(now),
        state: outbox.WAITING,
      };
      outbox.put(userId, record).then(function () {
        sync();
        notice(texts.endQueued);
        showNotice();
        later();
        return refresh();
      });
    });
  });
})();
