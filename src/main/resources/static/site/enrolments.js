// The organizer page's pending enrolments of one challenge: their evidence (downloaded with the
// token, never a bare link, which could not carry it), approve, reject with a reason.
(function () {
  'use strict';
  var Api = window.CxrltApi;
  var api = new Api('cxrlt.organizer.token');
  var $ = function (id) { return document.getElementById(id); };

  function say(text) { $('message').textContent = text; }
  function fail(p) { say(p.detail); }
  function base() {
    return '/api/v1/admin/challenges/' + encodeURIComponent($('enrolment-challenge').value) + '/enrolments';
  }

  // Only the latest request's answer is shown: an earlier one (another challenge) may come back later.
  var latest = 0;

  function load() {
    if (!api.token() || !$('enrolment-challenge').value) return;
    var mine = ++latest;
    api.call('GET', base() + '?status=PENDING').then(function (list) {
      if (mine === latest) show(list);
    }).catch(fail);
  }

  function download(e) {
    fetch(e.href, {headers: api.headers({'Accept': e.contentType})}).then(function (r) {
      if (!r.ok) return Api.read(r.status, r.text());
      return r.blob().then(function (blob) {
        var a = document.createElement('a');
        a.href = URL.createObjectURL(blob);
        a.download = e.fileName;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
      });
    }).catch(fail);
  }

  function show(list) {
    var body = $('enrolments').tBodies[0];
    body.replaceChildren();
    $('no-enrolments').hidden = list.length > 0;
    list.forEach(function (r) {
      var row = document.createElement('tr');
      row.id = 'enrolment-' + r.participantId;
      Api.cell(row, r.participantId, 'num');
      Api.cell(row, r.name);
      Api.cell(row, r.email);
      Api.cell(row, r.team || (r.requestedTeam ? r.requestedTeam + ' (asks to join)' : ''));
      Api.cell(row, [r.physionetUsername, r.physionetEmail].filter(Boolean).join(', '));
      var evidence = Api.cell(row, '');
      r.evidence.forEach(function (e) {
        evidence.appendChild(Api.button(e.kind === 'DUA_PROOF' ? 'DUA proof' : 'Certificate',
            'Download ' + e.fileName + ' of ' + r.name, function () { download(e); }));
      });
      Api.cell(row, Api.time(r.enrolledAt));
      api.decision(Api.cell(row, ''), {
        path: base() + '/' + r.participantId, of: 'the enrolment of ' + r.name,
        reasonId: 'enrolment-reason-' + r.participantId,
        done: function (verb) { say(verb + ' ' + r.name + '.'); load(); },
        fail: fail
      });
      body.appendChild(row);
    });
  }

  // a refusal about the challenge chosen before is not about this one
  $('enrolment-challenge').addEventListener('change', function () { say(''); load(); });
  // after organizer.js has kept the token (its listener was added first)
  $('token-form').addEventListener('submit', function () { setTimeout(load, 0); });
  $('refresh').addEventListener('click', load);
  load();
})();
