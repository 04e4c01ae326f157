// The pages' calls to the JSON API with the token the user typed, kept in sessionStorage only.
(function () {
  'use strict';
  function Api(storageKey) { this.key = storageKey; }
  Api.prototype.token = function () { return sessionStorage.getItem(this.key); };
  Api.prototype.setToken = function (t) { sessionStorage.setItem(this.key, t); };
  Api.prototype.forget = function () { sessionStorage.removeItem(this.key); };
  Api.prototype.headers = function (extra) {
    var h = Object.assign({'Accept': 'application/json'}, extra || {});
    var t = this.token();
    if (t) h['Authorization'] = 'Bearer ' + t;
    return h;
  };
  /** Resolves with the parsed body; rejects with {status, detail, errors} from the problem detail. */
  Api.prototype.call = function (method, path, body) {
    var opts = {method: method, headers: this.headers(body !== undefined ? {'Content-Type': 'application/json'} : {})};
    if (body !== undefined) opts.body = JSON.stringify(body);
    return fetch(path, opts).then(function (r) { return Api.read(r.status, r.text()); });
  };
  Api.read = function (status, textPromise) {
    return Promise.resolve(textPromise).then(function (text) {
      var json = null;
      try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
      if (status >= 200 && status < 300) return json;
      throw {status: status, detail: (json && json.detail) || ('The service answered ' + status + '.'),
             errors: (json && json.errors) || []};
    });
  };
  /** A problem as a paragraph and a list of its errors, built from text nodes only. */
  Api.problem = function (container, p) {
    container.replaceChildren();
    var para = document.createElement('p');
    para.className = 'error';
    para.setAttribute('role', 'alert');
    para.textContent = p.detail || String(p);
    container.appendChild(para);
    if (p.errors && p.errors.length) {
      var ul = document.createElement('ul');
      ul.className = 'problems';
      p.errors.forEach(function (e) {
        var li = document.createElement('li');
        li.textContent = typeof e === 'string' ? e : JSON.stringify(e);
        ul.appendChild(li);
      });
      container.appendChild(ul);
    }
  };
  Api.cell = function (row, text, cls) {
    var td = document.createElement('td');
    if (cls) td.className = cls;
    td.textContent = text == null ? '' : text;
    row.appendChild(td);
    return td;
  };
  Api.num = function (x) { return x == null ? '–' : Number(x).toFixed(4); };
  Api.time = function (iso) { return iso ? new Date(iso).toLocaleString() : ''; };
  Api.button = function (text, label, onClick) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'secondary';
    b.textContent = text;
    if (label) b.setAttribute('aria-label', label);
    b.addEventListener('click', onClick);
    return b;
  };
  /**
   * Appends to cell the organizer's decision on one pending request: Approve, a labelled reason
   * field and Reject, POSTing path + '/approve' or path + '/reject' {reason}. d: {path, of (who,
   * for the buttons' labels), reasonId, done(verb: 'Approved' or 'Rejected'), fail(problem)}.
   */
  Api.prototype.decision = function (cell, d) {
    var api = this;
    cell.appendChild(Api.button('Approve', 'Approve ' + d.of, function () {
      api.call('POST', d.path + '/approve').then(function () { d.done('Approved'); }).catch(d.fail);
    }));
    var label = document.createElement('label');
    label.htmlFor = d.reasonId;
    label.textContent = 'Reason to reject';
    label.className = 'visually-hidden';
    var reason = document.createElement('input');
    reason.type = 'text';
    reason.id = d.reasonId;
    reason.placeholder = 'reason to reject';
    cell.appendChild(label);
    cell.appendChild(reason);
    cell.appendChild(Api.button('Reject', 'Reject ' + d.of, function () {
      api.call('POST', d.path + '/reject', {reason: reason.value || null})
          .then(function () { d.done('Rejected'); }).catch(d.fail);
    }));
  };
  /**
   * Wires the page's token form (the Thymeleaf fragment tokenForm) and signs in with a token kept
   * earlier: a token is checked with a GET of checkPath; on success the element #signed-in is
   * shown and onSignedIn called with the answer's body, else it is hidden and the problem said in
   * #message. "Forget the token" drops it and hides #signed-in.
   */
  Api.prototype.tokenForm = function (checkPath, onSignedIn) {
    var api = this;
    var $ = function (id) { return document.getElementById(id); };
    function signIn() {
      if (!api.token()) { $('signed-in').hidden = true; return; }
      api.call('GET', checkPath).then(function (body) {
        $('signed-in').hidden = false;
        onSignedIn(body);
      }).catch(function (p) {
        $('signed-in').hidden = true;
        $('message').textContent = p.detail;
      });
    }
    $('token-form').addEventListener('submit', function (e) {
      e.preventDefault();
      api.setToken($('token').value.trim());
      $('token').value = '';
      signIn();
    });
    $('forget').addEventListener('click', function () {
      api.forget();
      $('signed-in').hidden = true;
      $('message').textContent = 'The token is forgotten.';
    });
    signIn();
  };
  window.CxrltApi = Api;
})();
