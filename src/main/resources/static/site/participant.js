(function () {
  'use strict';
  var Api = window.CxrltApi;
  var api = new Api('cxrlt.participant.token');
  var $ = function (id) { return document.getElementById(id); };
  var pollTimer = null;

  function phasePath() {
    var parts = $('phase').value.split('/');
    return '/api/v1/challenges/' + encodeURIComponent(parts[0]) + '/tasks/' + encodeURIComponent(parts[1])
        + '/phases/' + encodeURIComponent(parts[2]);
  }
  function selectedOption() { return $('phase').selectedOptions[0]; }
  function challengePath() {
    return '/api/v1/challenges/' + encodeURIComponent($('phase').value.split('/')[0]);
  }

  function signedIn(me) {
    $('message').textContent = '';
    // each enrolment: its challenge, team and status (with the organizers' reason when rejected)
    var enrolments = (me.enrolments || []).map(function (e) {
      return e.challenge + ': ' + (e.team ? 'team ' + e.team : e.requestedTeam ? 'asking to join ' + e.requestedTeam
          : 'no team yet') + ', ' + e.status.toLowerCase() + (e.reason ? ' (' + e.reason + ')' : '');
    });
    $('me').textContent = 'Signed in as ' + me.name + '. '
        + (enrolments.length ? 'Enrolments: ' + enrolments.join('; ') + '.' : 'Not enrolled in any challenge yet.');
    phaseChanged();
  }

  function phaseChanged() {
    var option = selectedOption();
    $('synthetic-warning').hidden = !option || option.dataset.synthetic !== 'true';
    // the phase's fact-sheet rule: no fields where it takes none (the service would refuse them)
    var sheet = option ? option.dataset.factSheet : 'NONE';
    $('fact-sheet').hidden = !sheet || sheet === 'NONE';
    $('fact-sheet-rule').textContent = sheet === 'REQUIRED' ? '(method name and description required)' : '(optional)';
    $('methodName').required = $('methodDescription').required = sheet === 'REQUIRED';
    $('detail').hidden = true;
    // the real API addresses, for the eye and for curl; a click fetches them with the token
    $('data-access-link').href = challengePath() + '/data-access';
    $('template-link').href = phasePath() + '/template.csv';
    $('template-link').download = $('phase').value.split('/').join('-') + '-template.csv';
    $('data-access').hidden = true;
    loadQuota();
    loadSubmissions();
  }

  function loadQuota() {
    api.call('GET', phasePath() + '/quota').then(function (q) {
      var parts = [];
      parts.push(q.remainingToday == null ? 'no daily limit' : q.remainingToday + ' of ' + q.maxPerDay + ' left today (resets ' + Api.time(q.resetsAt) + ')');
      parts.push(q.remainingTotal == null ? 'no total limit' : q.remainingTotal + ' of ' + q.maxTotal + ' left in all');
      parts.push(q.inFlight + ' waiting or scoring' + (q.remainingInFlight == null ? '' : ', ' + q.remainingInFlight + ' more may wait'));
      $('quota').textContent = 'Quota: ' + parts.join('; ') + '.';
    }).catch(function (p) { $('quota').textContent = 'Quota: ' + p.detail; });
  }

  function loadSubmissions() {
    clearTimeout(pollTimer);
    api.call('GET', phasePath() + '/submissions?size=50').then(function (page) {
      var body = $('submissions').tBodies[0];
      body.replaceChildren();
      var pending = false;
      var chosen = selectedOption() && selectedOption().dataset.selection === 'CHOSEN';
      page.items.forEach(function (s) {
        var row = document.createElement('tr');
        row.id = 'submission-' + s.id;
        row.dataset.status = s.status;
        Api.cell(row, s.id, 'num');
        Api.cell(row, Api.time(s.submittedAt));
        var status = Api.cell(row, s.status + (s.disqualified ? ' (disqualified: ' + s.disqualified + ')' : ''), 'status');
        if (s.errors && s.errors.length) {
          var ul = document.createElement('ul');
          ul.className = 'problems';
          s.errors.forEach(function (e) { var li = document.createElement('li'); li.textContent = e; ul.appendChild(li); });
          status.appendChild(ul);
        }
        Api.cell(row, s.scores ? Api.num(s.scores.mAP) : '', 'num map');
        Api.cell(row, s.scores ? Api.num(s.scores.mAUROC) : '', 'num');
        Api.cell(row, s.description);
        var actions = Api.cell(row, '');
        actions.appendChild(Api.button('Details', 'Details of submission ' + s.id, function () { showDetail(s.id); }));
        if (s.status === 'QUEUED') {
          actions.appendChild(Api.button('Cancel', 'Cancel submission ' + s.id, function () {
            api.call('POST', '/api/v1/submissions/' + s.id + '/cancel').then(refresh).catch(showProblem);
          }));
        }
        if (chosen && s.status === 'SCORED') {
          actions.appendChild(Api.button('Choose', 'Choose submission ' + s.id + ' for the leaderboard', function () {
            api.call('PUT', '/api/v1/submissions/' + s.id + '/selected').then(function () {
              $('message').textContent = 'Submission ' + s.id + ' now stands for your team.';
            }).catch(showProblem);
          }));
        }
        if (s.status === 'QUEUED' || s.status === 'SCORING') pending = true;
        body.appendChild(row);
      });
      if (pending) pollTimer = setTimeout(refresh, 1000);
    }).catch(showProblem);
  }

  function refresh() { loadSubmissions(); loadQuota(); }

  /**
   * The text cut into plain parts (even indexes) and web addresses (odd): an address stops before
   * the punctuation that ends a sentence (".,;:!?") and before a ")" it did not open, so that
   * "(see https://example.org/x)." links https://example.org/x.
   */
  function addressParts(text) {
    var parts = [];
    var addresses = /https?:\/\/[^\s<>"]+/g;
    var last = 0;
    var found;
    while ((found = addresses.exec(text)) !== null) {
      var address = found[0];
      for (;;) {
        var end = address.charAt(address.length - 1);
        var unopened = end === ')' && address.split('(').length < address.split(')').length;
        if ('.,;:!?'.indexOf(end) < 0 && !unopened) break;
        address = address.slice(0, -1);
      }
      parts.push(text.slice(last, found.index), address);
      last = found.index + address.length;
    }
    parts.push(text.slice(last));
    return parts;
  }

  /** The challenge's data-access instructions in #data-access, their web addresses as links. */
  function showDataAccess(event) {
    event.preventDefault();
    var box = $('data-access');
    api.call('GET', $('data-access-link').href).then(function (d) {
      box.replaceChildren();
      var h = document.createElement('h2');
      h.textContent = 'Data access for ' + d.challenge;
      box.appendChild(h);
      var text = document.createElement('p');
      text.className = 'text';
      // text nodes and anchors only: the organizers' text is never parsed as HTML
      addressParts(d.text).forEach(function (part, i) {
        if (i % 2 === 0) { text.appendChild(document.createTextNode(part)); return; }
        var a = document.createElement('a');
        a.href = part;
        a.rel = 'noopener noreferrer';
        a.textContent = part;
        text.appendChild(a);
      });
      box.appendChild(text);
      box.hidden = false;
    }).catch(function (p) { Api.problem(box, p); box.hidden = false; });
  }

  /** The template, fetched with the token (a plain link would carry none) and saved under its name. */
  function downloadTemplate(event) {
    event.preventDefault();
    var link = $('template-link');
    fetch(link.href, {headers: api.headers({'Accept': 'text/csv, application/problem+json'})}).then(function (r) {
      if (!r.ok) return Api.read(r.status, r.text());
      return r.blob().then(function (blob) {
        var a = document.createElement('a');
        a.href = URL.createObjectURL(blob);
        a.download = link.download;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
      });
    }).catch(function (p) { var box = $('data-access'); Api.problem(box, p); box.hidden = false; });
  }

  function showProblem(p) { Api.problem($('upload-result'), p); }

  function showDetail(id) {
    api.call('GET', '/api/v1/submissions/' + id).then(function (s) {
      var d = $('detail');
      d.replaceChildren();
      var h = document.createElement('h2');
      h.textContent = 'Submission ' + s.id + ': ' + s.status;
      d.appendChild(h);
      var p = document.createElement('p');
      p.textContent = (s.fileName || '') + (s.scores ? ' · mAP ' + s.scores.mAP + ' · mAUROC ' + s.scores.mAUROC
          + ' · mF1 ' + s.scores.mF1 + ' · mECE ' + s.scores.mECE : '')
          + (s.groups ? ' · head ' + Api.num(s.groups.head) + ' · medium ' + Api.num(s.groups.medium) + ' · tail ' + Api.num(s.groups.tail) : '');
      d.appendChild(p);
      if (s.errors && s.errors.length) Api.problem(d.appendChild(document.createElement('div')), {detail: 'The file was refused:', errors: s.errors});
      if (s.warnings && s.warnings.length) {
        var w = document.createElement('p');
        w.textContent = 'Warnings: ' + s.warnings.join('; ');
        d.appendChild(w);
      }
      if (s.labels) {
        var table = document.createElement('table');
        table.id = 'label-scores';
        table.innerHTML = '<caption>Each label\'s scores</caption><thead><tr><th scope="col">Label</th><th scope="col" class="num">AP</th>'
            + '<th scope="col" class="num">AUROC</th><th scope="col" class="num">F1</th><th scope="col" class="num">ECE</th><th scope="col" class="num">Positives</th></tr></thead><tbody></tbody>';
        s.labels.forEach(function (l) {
          var row = document.createElement('tr');
          Api.cell(row, l.label);
          [l.ap, l.auroc, l.f1, l.ece].forEach(function (x) { Api.cell(row, Api.num(x), 'num'); });
          Api.cell(row, l.positives, 'num');
          table.tBodies[0].appendChild(row);
        });
        var wrap = document.createElement('div');
        wrap.className = 'table-wrap';
        wrap.appendChild(table);
        d.appendChild(wrap);
      } else if (s.status === 'SCORED') {
        var note = document.createElement('p');
        note.textContent = 'Per-label scores are shown when the phase closes.';
        d.appendChild(note);
      }
      d.hidden = false;
      d.focus();
    }).catch(showProblem);
  }

  function upload(event) {
    event.preventDefault();
    var file = $('file').files[0];
    if (!file) return;
    var form = new FormData();
    form.append('file', file);
    if ($('description').value) form.append('description', $('description').value);
    if (!$('fact-sheet').hidden) {
      ['methodName', 'methodDescription', 'codeUrl', 'paperUrl'].forEach(function (field) {
        if ($(field).value) form.append(field, $(field).value);
      });
    }
    var xhr = new XMLHttpRequest();
    xhr.open('POST', phasePath() + '/submissions');
    xhr.setRequestHeader('Authorization', 'Bearer ' + api.token());
    xhr.setRequestHeader('Accept', 'application/json');
    $('progress-box').hidden = false;
    $('progress').value = 0;
    $('upload').disabled = true;
    $('upload-result').textContent = 'Uploading ' + file.name + '…';
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) $('progress').value = Math.round(100 * e.loaded / e.total);
    };
    xhr.onload = function () {
      $('upload').disabled = false;
      Api.read(xhr.status, xhr.responseText).then(function (body) {
        $('progress').value = 100;
        $('upload-result').textContent = 'Submission ' + body.id + ' accepted: ' + body.status + '. Its status below updates until it is scored.';
        var keep = $('phase').value;
        $('upload-form').reset();
        $('phase').value = keep;
        refresh();
      }).catch(showProblem);
    };
    xhr.onerror = function () {
      $('upload').disabled = false;
      showProblem({detail: 'The upload did not reach the service: check the connection and try again.'});
    };
    xhr.send(form);
  }

  $('phase').addEventListener('change', phaseChanged);
  $('data-access-link').addEventListener('click', showDataAccess);
  $('template-link').addEventListener('click', downloadTemplate);
  $('upload-form').addEventListener('submit', upload);
  api.tokenForm('/api/v1/me', signedIn);
})();
