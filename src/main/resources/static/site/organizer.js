(function () {
  'use strict';
  var Api = window.CxrltApi;
  var api = new Api('cxrlt.organizer.token');
  var $ = function (id) { return document.getElementById(id); };

  function say(text) { $('message').textContent = text; }
  function fail(p) { say(p.detail); }

  function loadRegistrations() {
    api.call('GET', '/api/v1/admin/registrations?status=PENDING').then(function (list) {
      $('registrations-note').hidden = true;
      showRegistrations(list);
    }).catch(function (p) {
      // an organizer of some challenges only: registrations are the administrator's
      if (p.status === 403) { $('registrations-note').hidden = false; showRegistrations([]); } else { fail(p); }
    });
  }

  function showRegistrations(list) {
    var body = $('registrations').tBodies[0];
    body.replaceChildren();
    $('no-registrations').hidden = list.length > 0;
    list.forEach(function (r) {
      var row = document.createElement('tr');
      row.id = 'registration-' + r.participantId;
      Api.cell(row, r.participantId, 'num');
      Api.cell(row, r.name);
      Api.cell(row, r.email);
      Api.cell(row, r.team || (r.requestedTeam ? r.requestedTeam + ' (asks to join)' : ''));
      Api.cell(row, r.affiliation);
      Api.cell(row, Api.time(r.registeredAt));
      api.decision(Api.cell(row, ''), {
        path: '/api/v1/admin/registrations/' + r.participantId, of: r.name, reasonId: 'reason-' + r.participantId,
        done: function (verb) {
          say(verb + ' ' + r.name + '.');
          loadRegistrations();
          if (verb === 'Approved') loadJoinRequests();
        },
        fail: fail
      });
      body.appendChild(row);
    });
  }

  function adminPhase(row) {
    var parts = row.dataset.path.split('/');
    return '/api/v1/admin/challenges/' + encodeURIComponent(parts[0]) + '/tasks/' + encodeURIComponent(parts[1])
        + '/phases/' + encodeURIComponent(parts[2]);
  }

  var pictureUrls = [];
  var PICTURES = [['forest', 'Forest plot: mAP with its 95 % interval'],
                  ['ranks', 'Rank blob plot: how often each rank was taken'],
                  ['pairs', 'Pairwise significance map: share of replicates in which the row beats the column']];

  // The pictures are fetched with the token, then shown as <img> of a blob: URL, where an SVG's
  // scripts never run and its links are inert: nothing in an entry's name can reach the page.
  function loadRobustness() {
    pictureUrls.forEach(function (u) { URL.revokeObjectURL(u); });
    pictureUrls = [];
    var box = $('robustness');
    box.replaceChildren();
    $('no-robustness').hidden = false;
    document.querySelectorAll('#phases tr[data-path]').forEach(function (row) {
      var base = adminPhase(row) + '/robustness';
      api.call('GET', base).then(function (list) {
        var done = list.filter(function (a) { return a.status === 'DONE'; });
        if (!done.length) return;
        var a = done[0]; // newest first
        $('no-robustness').hidden = true;
        var part = document.createElement('section');
        part.className = 'robustness card';
        part.id = 'robustness-' + row.dataset.path.replace(/\//g, '-');
        part.dataset.analysis = a.id;
        var title = document.createElement('h3');
        title.textContent = row.querySelector('th').textContent + ' · analysis ' + a.id + ' (' + a.entries
            + ' entries, B = ' + a.replicates + ', seed ' + a.seed + (a.snapshot ? ', snapshot ' + a.snapshot : '') + ')';
        part.appendChild(title);
        box.appendChild(part);
        PICTURES.forEach(function (picture) {
          var name = row.dataset.path.replace(/\//g, '-') + '-robustness-' + a.id + '-' + picture[0] + '.svg';
          // in this order, whichever arrives first
          var figure = document.createElement('figure');
          figure.className = 'picture ' + picture[0];
          part.appendChild(figure);
          fetch(base + '/' + a.id + '/' + picture[0] + '.svg', {headers: api.headers({'Accept': 'image/svg+xml'})})
              .then(function (r) {
                if (!r.ok) return Api.read(r.status, r.text());
                return r.blob();
              })
              .then(function (blob) {
                var url = URL.createObjectURL(new Blob([blob], {type: 'image/svg+xml'}));
                pictureUrls.push(url);
                var img = document.createElement('img');
                img.src = url;
                img.alt = picture[1];
                figure.appendChild(img);
                var caption = document.createElement('figcaption');
                caption.textContent = picture[1] + ' ';
                var link = document.createElement('a');
                link.href = url;
                link.download = name;
                link.textContent = 'Download ' + picture[0] + '.svg';
                caption.appendChild(link);
                figure.appendChild(caption);
              })
              .catch(function (p) {
                var para = document.createElement('p');
                para.className = 'error';
                para.textContent = picture[0] + '.svg: ' + (p.detail || String(p));
                figure.appendChild(para);
              });
        });
      }).catch(function () { /* not a phase of this organizer's challenges */ });
    });
  }

  // the join requests of the challenge chosen for enrolments (cxr-lt-2024 when none is chosen)
  function challengeQuery() {
    var chosen = $('enrolment-challenge') && $('enrolment-challenge').value;
    return chosen ? '?challenge=' + encodeURIComponent(chosen) : '';
  }

  function loadJoinRequests() {
    var query = challengeQuery();
    api.call('GET', '/api/v1/admin/join-requests' + query).then(function (list) {
      var body = $('join-requests').tBodies[0];
      body.replaceChildren();
      list.forEach(function (j) {
        var row = document.createElement('tr');
        Api.cell(row, j.participantId, 'num');
        Api.cell(row, j.name);
        Api.cell(row, j.email);
        Api.cell(row, j.team);
        Api.cell(row, Api.time(j.requestedAt));
        var decide = Api.cell(row, '');
        ['accept', 'decline'].forEach(function (what) {
          decide.appendChild(Api.button(what === 'accept' ? 'Accept' : 'Decline', what + ' ' + j.name + ' into ' + j.team, function () {
            api.call('POST', '/api/v1/admin/participants/' + j.participantId + '/join-request/' + what + query)
                .then(function () { say((what === 'accept' ? 'Accepted ' : 'Declined ') + j.name + '.'); loadJoinRequests(); })
                .catch(fail);
          }));
        });
        body.appendChild(row);
      });
    }).catch(function (p) { if (p.status === 403) { $('join-requests').tBodies[0].replaceChildren(); } else { fail(p); } });
  }

  if ($('enrolment-challenge')) $('enrolment-challenge').addEventListener('change', loadJoinRequests);

  function loadQueue() {
    document.querySelectorAll('#phases tr[data-path]').forEach(function (row) {
      var parts = row.dataset.path.split('/');
      var base = '/api/v1/admin/challenges/' + encodeURIComponent(parts[0]) + '/tasks/' + encodeURIComponent(parts[1])
          + '/phases/' + encodeURIComponent(parts[2]) + '/submissions?size=1';
      [['queued', '&status=QUEUED'], ['scoring', '&status=SCORING'], ['all', '']].forEach(function (q) {
        api.call('GET', base + q[1]).then(function (page) {
          row.querySelector('.' + q[0]).textContent = page.totalItems;
        }).catch(function (p) {
          // a phase of a challenge this organizer does not run: not its business
          if (p.status === 403) { row.hidden = true; } else { row.querySelector('.' + q[0]).textContent = '?'; }
        });
      });
    });
  }

  function loadAll() { loadRegistrations(); loadJoinRequests(); loadQueue(); loadRobustness(); }

  $('refresh').addEventListener('click', loadAll);
  // Every organizer may read the audit log (its own challenges' entries): the check that the token is one.
  api.tokenForm('/api/v1/admin/audit?size=1', loadAll);
})();
