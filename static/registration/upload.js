/*
 * Resumable uploads of an entry's files (tus protocol, tus-js-client from static/vendor).
 *
 * One widget per kind of file (materials, video) inside [data-upload-widget]: pick a file,
 * watch the progress, pause, resume, retry a failed chunk, resume after a reload (tus keeps
 * the upload's address in localStorage, keyed by a fingerprint of the file), then read the
 * verdict of the server's checks in plain words (the status endpoint is polled until the
 * check is done). Every word shown comes from the template, already translated.
 */
(function () {
  "use strict";

  var POLL_INTERVAL = 2000;
  var POLL_LIMIT = 10 * 60 * 1000;
  // Automatic retries of a failed chunk before the Retry button appears. Together they outlast
  // the server's upload lock (60 s, registration/tus/lock.py), which a server process killed
  // in the middle of a chunk leaves behind: the upload then resumes without a click.
  var RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000, 30000];

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  // The same units as the server's messages: binary, one decimal, trailing ".0" dropped.
  function formatBytes(size) {
    var units = [["GB", 1073741824], ["MB", 1048576], ["KB", 1024]];
    for (var i = 0; i < units.length; i++) {
      if (size >= units[i][1]) {
        return (size / units[i][1]).toFixed(1).replace(/\.0$/, "") + " " + units[i][0];
      }
    }
    return size + " B";
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function Widget(root) {
    this.root = root;
    this.entry = root.dataset.entry;
    this.statusUrl = root.dataset.statusUrl;
    this.endpoint = root.dataset.endpoint;
    this.csrf = root.dataset.csrf;
    this.strings = root.querySelector("[data-strings]").dataset;
    this.state = null;
    this.kinds = {};
    var self = this;
    root.querySelectorAll("[data-kind]").forEach(function (node) {
      self.kinds[node.dataset.kind] = new KindUpload(self, node);
    });
    // "Continue to submission" and the steps wait for the files: leaving mid-upload would leave
    // a half-sent file behind, and the submission page would then say a file is missing.
    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("[data-after-uploads]") : null;
      if (!link) return;
      var unfinished = self.unfinished();
      if (!unfinished.length) return;
      event.preventDefault();
      self.sayUnfinished(unfinished);
    });
    window.addEventListener("beforeunload", function (event) {
      var busy = Object.keys(self.kinds).some(function (kind) {
        return self.kinds[kind].running;
      });
      if (busy) {
        event.preventDefault();
        event.returnValue = self.strings.leave;
        return self.strings.leave;
      }
    });
  }

  // The titles of the files still uploading, paused, interrupted or waiting for their check.
  Widget.prototype.unfinished = function () {
    var self = this;
    return Object.keys(this.kinds)
      .filter(function (kind) {
        return self.kinds[kind].upload || self.kinds[kind].polling;
      })
      .map(function (kind) {
        return self.kinds[kind].node.querySelector(".upload__title").textContent.trim();
      });
  };

  Widget.prototype.sayUnfinished = function (unfinished) {
    var note = document.querySelector("[data-uploads-note]");
    if (!note) return;
    note.textContent = unfinished.length ? fill(this.strings.unfinished, { files: unfinished.join(this.strings.and) }) : "";
    note.hidden = !unfinished.length;
  };

  Widget.prototype.load = function () {
    var self = this;
    return fetch(this.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (state) {
        self.state = state;
        var closed = self.root.querySelector("[data-closed]");
        closed.textContent = state.closed_message || "";
        closed.hidden = !state.closed_message;
        Object.keys(self.kinds).forEach(function (kind) {
          self.kinds[kind].render(state.kinds[kind], state.editable);
        });
        return state;
      })
      .catch(function () {
        Object.keys(self.kinds).forEach(function (kind) {
          self.kinds[kind].say(self.strings.loadFailed, "error");
        });
      });
  };

  function KindUpload(widget, node) {
    this.widget = widget;
    this.node = node;
    this.kind = node.dataset.kind;
    this.strings = widget.strings;
    this.upload = null;
    this.running = false;
    this.known = [];
    this.input = node.querySelector("[data-input]");
    this.progress = node.querySelector("[data-progress]");
    this.bar = node.querySelector("[data-bar]");
    this.numbers = node.querySelector("[data-numbers]");
    this.message = node.querySelector("[data-message]");
    this.buttons = {
      pause: node.querySelector("[data-pause]"),
      resume: node.querySelector("[data-resume]"),
      retry: node.querySelector("[data-retry]"),
      cancel: node.querySelector("[data-cancel]"),
    };
    var self = this;
    this.input.addEventListener("change", function () {
      if (self.input.files.length) self.choose(self.input.files[0]);
      self.input.value = "";
    });
    this.buttons.pause.addEventListener("click", function () {
      self.pause();
    });
    this.buttons.resume.addEventListener("click", function () {
      self.resume();
    });
    this.buttons.retry.addEventListener("click", function () {
      self.resume();
    });
    this.buttons.cancel.addEventListener("click", function () {
      self.cancel();
    });
  }

  KindUpload.prototype.say = function (text, tone) {
    this.message.textContent = text || "";
    this.message.className = "upload__message" + (tone ? " upload__message--" + tone : "");
  };

  KindUpload.prototype.show = function (buttons) {
    var self = this;
    Object.keys(this.buttons).forEach(function (name) {
      self.buttons[name].hidden = buttons.indexOf(name) === -1;
    });
  };

  KindUpload.prototype.render = function (state, editable) {
    this.limits = state;
    this.known = [state.current, state.latest]
      .filter(Boolean)
      .map(function (file) {
        return file.id;
      });
    var hint = this.node.querySelector("[data-hint]");
    hint.textContent = fill(hint.dataset.template, {
      limit: state.max_bytes_label,
      duration: state.max_seconds_label || "",
    });
    this.renderFile(this.node.querySelector("[data-current]"), state.current, this.strings.current);
    this.renderFile(this.node.querySelector("[data-latest]"), state.latest, this.strings.newest);
    this.node.querySelector("[data-choose-label]").textContent = state.current
      ? this.strings.replace
      : this.node.querySelector("[data-choose-label]").textContent;
    this.input.disabled = !editable;
    this.node.querySelector("[data-choose]").classList.toggle("is-disabled", !editable);
    if (editable && !this.polling) this.noteInterrupted();
  };

  KindUpload.prototype.renderFile = function (box, file, label) {
    box.textContent = "";
    box.hidden = !file;
    if (!file) return;
    box.appendChild(element("span", "upload__label", label));
    var line = element("p", "upload__name");
    if (file.status === "accepted") {
      var link = element("a", "", file.name);
      link.href = file.url;
      link.target = "_blank";
      link.rel = "noopener";
      line.appendChild(link);
    } else {
      line.textContent = file.name;
    }
    box.appendChild(line);
    var facts = [file.size_label, file.status_label];
    if (file.page_count) facts.push(fill(this.strings.pages, { count: file.page_count }));
    if (file.duration_label) facts.push(fill(this.strings.duration, { duration: file.duration_label }));
    box.appendChild(element("p", "upload__facts upload__facts--" + file.status, facts.join(" · ")));
    if (file.status === "refused" && file.message) {
      box.appendChild(element("p", "upload__reason", file.message));
    }
    if (file.preview_url) {
      var preview = element("a", "upload__preview", this.strings.preview);
      preview.href = file.preview_url;
      preview.target = "_blank";
      preview.rel = "noopener";
      box.appendChild(preview);
    }
    if (file.poster_url) {
      var poster = element("img", "upload__poster");
      poster.src = file.poster_url;
      poster.alt = "";
      poster.loading = "lazy";
      box.appendChild(poster);
    }
  };

  // After a reload the browser forgets the chosen file; tus remembers the upload. Say how
  // far it got, so the user picks the same file again and only the rest is sent.
  KindUpload.prototype.noteInterrupted = function () {
    var self = this;
    var note = this.node.querySelector("[data-resume-note]");
    if (!window.tus || !tus.isSupported || this.running) return;
    tus.defaultOptions.urlStorage
      .findAllUploads()
      .then(function (uploads) {
        var mine = uploads.filter(function (item) {
          return item.metadata && item.metadata.entry === self.widget.entry && item.metadata.kind === self.kind;
        });
        if (!mine.length) return;
        mine.sort(function (a, b) {
          return String(b.creationTime).localeCompare(String(a.creationTime));
        });
        var last = mine[0];
        return fetch(last.uploadUrl, { method: "HEAD", credentials: "same-origin", headers: { "Tus-Resumable": "1.0.0" } })
          .then(function (response) {
            if (!response.ok) {
              mine.forEach(function (item) {
                tus.defaultOptions.urlStorage.removeUpload(item.urlStorageKey);
              });
              return;
            }
            var offset = Number(response.headers.get("Upload-Offset"));
            var length = Number(response.headers.get("Upload-Length")) || last.size;
            if (!length || offset >= length) return;
            note.textContent = fill(self.strings.resumeNote, {
              name: last.metadata.filename,
              percent: Math.floor((offset / length) * 100),
            });
            note.hidden = false;
          });
      })
      .catch(function () {
        note.hidden = true;
      });
  };

  KindUpload.prototype.choose = function (file) {
    var limits = this.limits || {};
    this.node.querySelector("[data-resume-note]").hidden = true;
    // Refused here already so that nobody waits for an upload the server would refuse.
    if (file.size === 0) {
      this.say(this.strings.empty, "error");
      return;
    }
    if (limits.max_bytes && file.size > limits.max_bytes) {
      this.say(fill(this.strings.tooLarge, { size: formatBytes(file.size), limit: limits.max_bytes_label }), "error");
      return;
    }
    if (this.upload && this.running) this.upload.abort(true);
    this.start(file);
  };

  KindUpload.prototype.start = function (file) {
    var self = this;
    var widget = this.widget;
    this.file = file;
    this.upload = new tus.Upload(file, {
      endpoint: widget.endpoint,
      chunkSize: (widget.state && widget.state.chunk_bytes) || 8 * 1024 * 1024,
      retryDelays: RETRY_DELAYS,
      headers: { "X-CSRFToken": widget.csrf },
      metadata: {
        filename: file.name,
        filetype: file.type || "application/octet-stream",
        entry: widget.entry,
        kind: this.kind,
      },
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      // The same file chosen for another entry or kind is another upload.
      fingerprint: function (chosen) {
        return Promise.resolve(
          ["entry-file", widget.entry, self.kind, chosen.name, chosen.type, chosen.size, chosen.lastModified].join("-"),
        );
      },
      onProgress: function (sent, total) {
        self.showProgress(sent, total);
      },
      onError: function (error) {
        self.failed(error);
      },
      onSuccess: function () {
        self.finished();
      },
    });
    this.progress.hidden = false;
    this.show(["pause", "cancel"]);
    this.say(this.strings.starting);
    this.running = true;
    this.upload.findPreviousUploads().then(function (previous) {
      if (previous.length) self.upload.resumeFromPreviousUpload(previous[0]);
      self.upload.start();
    });
  };

  KindUpload.prototype.showProgress = function (sent, total) {
    var percent = total ? Math.floor((sent / total) * 100) : 0;
    this.bar.value = percent;
    this.numbers.textContent = fill(this.strings.progress, {
      sent: formatBytes(sent),
      total: formatBytes(total),
      percent: percent,
    });
    if (this.running) this.say("");
  };

  KindUpload.prototype.pause = function () {
    if (!this.upload) return;
    this.upload.abort(false);
    this.running = false;
    this.show(["resume", "cancel"]);
    this.say(this.strings.paused);
  };

  KindUpload.prototype.resume = function () {
    if (!this.upload) return;
    this.running = true;
    this.show(["pause", "cancel"]);
    this.say(this.strings.starting);
    this.upload.start();
  };

  KindUpload.prototype.cancel = function () {
    var self = this;
    if (!this.upload) return;
    this.running = false;
    // Termination: the server forgets the bytes and tus forgets the fingerprint.
    this.upload.abort(true).catch(function () {});
    this.upload = null;
    this.progress.hidden = true;
    this.bar.value = 0;
    this.say(this.strings.cancelled);
    self.numbers.textContent = "";
    this.refreshNote();
  };

  // A note shown after a click on "continue" goes once nothing is left unfinished.
  KindUpload.prototype.refreshNote = function () {
    var note = document.querySelector("[data-uploads-note]");
    if (note && !note.hidden) this.widget.sayUnfinished(this.widget.unfinished());
  };

  KindUpload.prototype.failed = function (error) {
    this.running = false;
    var response = error && error.originalResponse;
    var status = response ? response.getStatus() : 0;
    if (status >= 400 && status < 500 && status !== 409 && status !== 423) {
      // Refused for a reason the user can read (too large, window closed…): retrying will not help.
      this.say(response.getBody() || error.message, "error");
      this.show([]);
      this.upload = null;
      this.progress.hidden = true;
      return;
    }
    // 507: the server says why (no room for uploads right now); anything else is the connection.
    this.say(status === 507 && response.getBody() ? response.getBody() : this.strings.interrupted, "error");
    this.show(["retry", "cancel"]);
  };

  KindUpload.prototype.finished = function () {
    this.running = false;
    this.show([]);
    this.bar.value = 100;
    this.say(this.strings.checking);
    this.poll(Date.now());
  };

  // Ask the status endpoint until the new file has a verdict.
  KindUpload.prototype.poll = function (since) {
    var self = this;
    this.polling = true;
    var widget = this.widget;
    var before = this.known.slice();
    var current = widget.state && widget.state.kinds[this.kind].current;
    window.setTimeout(function () {
      widget.load().then(function (state) {
        if (!state) return;
        var files = state.kinds[self.kind];
        var fresh = [files.latest, files.current].filter(function (file) {
          return file && before.indexOf(file.id) === -1;
        })[0];
        // Render (load) replaced `known`; keep the pre-upload set until the verdict arrives.
        self.known = before;
        if (!fresh || fresh.status === "pending" || fresh.status === "checking") {
          if (Date.now() - since > POLL_LIMIT) {
            // Every byte is on the server: only the check is late, nothing is half-sent.
            self.polling = false;
            self.upload = null;
            self.refreshNote();
            self.say(self.strings.stillChecking);
            return;
          }
          self.say(self.strings.checking);
          self.poll(since);
          return;
        }
        self.polling = false;
        self.progress.hidden = true;
        self.upload = null;
        if (fresh.status === "accepted") {
          self.say(self.strings.accepted, "success");
        } else {
          self.say(fresh.message + (current ? " " + self.strings.kept : ""), "error");
        }
        self.known = [files.current, files.latest].filter(Boolean).map(function (file) {
          return file.id;
        });
        self.refreshNote();
      });
    }, POLL_INTERVAL);
  };

  function init() {
    document.querySelectorAll("[data-upload-widget]").forEach(function (root) {
      if (!window.tus || !tus.isSupported) {
        root.querySelectorAll("[data-input]").forEach(function (input) {
          input.disabled = true;
        });
      }
      new Widget(root).load();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
