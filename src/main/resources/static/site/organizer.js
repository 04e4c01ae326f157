(function () {
  'use strict';
  var Api = window.CxrltApi;
  var api = new Api('cxrlt.organizer.token');
  var $ = function (id) { return document.getElementById(id); };

  function say(text) { $('message').textContent = text; }
  function fail(p) { say(p.detail); }

  function signIn() {
    if (!api.token()) { $('signed-in').hidden = true; return; }
    api.call('GET', '/api/v1/admin/registrations?status=PENDING').then(function (list) {
      $('signed-in').hidden = false;
      showRegistrations(list);
      loadJoinRequests();
      loadQueue();
    }).catch(function (p) { $('signed-in').hidden = true; fail(p); });
  }

  function loadRegistrations() {
    api.call('GET', '/api/v1/admin/registrations?status=PENDING').then(showRegistrations).catch(fail);
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
      var decide = Api.cell(row, '');
      decide.appendChild(Api.button('Approve', 'Approve ' + r.name, function () {
        api.call('POST', '/api/v1/admin/registrations/' + r.participantId + '/approve').then(function () {
          say('Approved ' + r.name + '.');
          loadRegistrations();
          loadJoinRequests();
        }).catch(fail);
      }));
      var label = document.createElement('label');
      label.htmlFor = 'reason-' + r.participantId;
      label.textContent = 'Reason to reject';
      label.className = 'visually-hidden';
      var reason = document.createElement('input');
      reason.type = 'text';
      reason.id = 'reason-' + r.participantId;
      reason.placeholder = 'reason to reject';
      decide.appendChild(label);
      decide.appendChild(reason);
      decide.appendChild(Api.button('Reject', 'Reject ' + r.name, function () {
        api.call('POST', '/api/v1/admin/registrations/' + r.participantId + '/reject', {reason: reason.value || null})
            .then(function () { say('Rejected ' + r.name + '.'); loadRegistrations(); }).catch(fail);
      }));
      body.appendChild(row);
    });
  }

  function loadJoinRequests() {
    api.call('GET', '/api/v1/admin/join-requests').then(function (list) {
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
            api.call('POST', '/api/v1/admin/participants/' + j.participantId + '/join-request/' + what)
                .then(function () { say((what === 'accept' ? 'Accepted ' : 'Declined ') + j.name + '.'); loadJoinRequests(); })
                .catch(fail);
          }));
        });
        body.appendChild(row);
      });
    }).catch(fail);
  }

  function loadQueue() {
    document.querySelectorAll('#phases tr[data-path]').forEach(function (row) {
      var parts = row.dataset.path.split('/');
      var base = '/api/v1/admin/challenges/' + encodeURIComponent(parts[0]) + '/tasks/' + encodeURIComponent(parts[1])
          + '/phases/' + encodeURIComponent(parts[2]) + '/submissions?size=1';
      [['queued', '&status=QUEUED'], ['scoring', '&status=SCORING'], ['all', '']].forEach(function (q) {
        api.call('GET', base + q[1]).then(function (page) {
          row.querySelector('.' + q[0]).textContent = page.totalItems;
        }).catch(function (p) { row.querySelector('.' + q[0]).textContent = '?'; });
      });
    });
  }

  $('token-form').addEventListener('submit', function (e) {
    e.preventDefault();
    api.setToken($('token').value.trim());
    $('token').value = '';
    signIn();
  });
  $('forget').addEventListener('click', function () { api.forget(); $('signed-in').hidden = true; say('The token is forgotten.'); });
  $('refresh').addEventListener('click', function () { loadRegistrations(); loadJoinRequests(); loadQueue(); });
  signIn();
})();
