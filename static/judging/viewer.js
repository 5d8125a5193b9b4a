/*
 * Inline PDF viewer for judges: pdf.js renders each page into a canvas when it scrolls near
 * the view, so a 100-page deck opens at once and nothing has to be downloaded by hand.
 * pdf.js is an ES module; it is loaded with import() from the URL the template gives, so
 * the page keeps working with hashed static file names.
 */
(function () {
  "use strict";

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_m, key) {
      return values[key];
    });
  }

  function setUp(root) {
    var status = root.querySelector("[data-status]");
    var pages = root.querySelector("[data-pages]");
    var scale = 1;
    var doc = null;
    var observer = null;

    function fail(error) {
      status.textContent = root.dataset.errorText;
      if (window.console) {
        console.error(error);
      }
    }

    function widthScale(page) {
      var viewport = page.getViewport({ scale: 1 });
      var available = Math.max(pages.clientWidth - 16, 200);
      return (available / viewport.width) * scale;
    }

    function renderPage(canvas) {
      if (canvas.dataset.rendered === String(scale)) {
        return;
      }
      canvas.dataset.rendered = String(scale);
      doc.getPage(Number(canvas.dataset.page)).then(function (page) {
        var ratio = window.devicePixelRatio || 1;
        var viewport = page.getViewport({ scale: widthScale(page) });
        canvas.width = Math.floor(viewport.width * ratio);
        canvas.height = Math.floor(viewport.height * ratio);
        canvas.style.width = Math.floor(viewport.width) + "px";
        canvas.style.height = Math.floor(viewport.height) + "px";
        page.render({
          canvasContext: canvas.getContext("2d"),
          viewport: viewport,
          transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : null,
        });
      }, fail);
    }

    function layout() {
      pages.textContent = "";
      if (observer) {
        observer.disconnect();
      }
      observer = new IntersectionObserver(
        function (items) {
          items.forEach(function (item) {
            if (item.isIntersecting) {
              renderPage(item.target);
            }
          });
        },
        { root: pages, rootMargin: "600px 0px" }
      );
      doc.getPage(1).then(function (first) {
        var viewport = first.getViewport({ scale: widthScale(first) });
        for (var number = 1; number <= doc.numPages; number += 1) {
          var canvas = document.createElement("canvas");
          canvas.className = "jdg-viewer__page";
          canvas.dataset.page = String(number);
          canvas.setAttribute("role", "img");
          canvas.setAttribute("aria-label", format(root.dataset.pagesText, { page: number, pages: doc.numPages }));
          // Placeholder size so that pages further down are not all "in view" at once.
          canvas.style.width = Math.floor(viewport.width) + "px";
          canvas.style.height = Math.floor(viewport.height) + "px";
          pages.appendChild(canvas);
          observer.observe(canvas);
        }
      }, fail);
    }

    root.querySelectorAll("[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        scale = Math.min(3, Math.max(0.5, scale + Number(button.dataset.zoom) * 0.25));
        if (doc) {
          layout();
        }
      });
    });

    import(root.dataset.pdfjs)
      .then(function (pdfjs) {
        pdfjs.GlobalWorkerOptions.workerSrc = root.dataset.worker;
        return pdfjs.getDocument({
          url: root.dataset.src,
          cMapUrl: root.dataset.cmaps,
          cMapPacked: true,
          standardFontDataUrl: root.dataset.fonts,
          wasmUrl: root.dataset.wasm,
          // The Content-Security-Policy forbids eval(); without this pdf.js would try it first.
          isEvalSupported: false,
        }).promise;
      })
      .then(function (loaded) {
        doc = loaded;
        status.textContent = format(root.dataset.pagesText, { page: 1, pages: doc.numPages });
        root.dataset.loaded = String(doc.numPages);
        layout();
        pages.addEventListener("scroll", function () {
          var canvases = pages.querySelectorAll("canvas");
          var top = pages.scrollTop + pages.clientHeight / 3;
          for (var i = 0; i < canvases.length; i += 1) {
            if (canvases[i].offsetTop + canvases[i].offsetHeight > top) {
              status.textContent = format(root.dataset.pagesText, { page: i + 1, pages: doc.numPages });
              break;
            }
          }
        });
      })
      .catch(fail);
  }

  document.querySelectorAll("[data-pdf-viewer]").forEach(setUp);
})();
