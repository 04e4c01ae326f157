// Progressive enhancement only: every page reads the same without it.
(function () {
  'use strict';
  // The visitor's local time beside each UTC time.
  document.querySelectorAll('time.utc[datetime]').forEach(function (t) {
    var d = new Date(t.getAttribute('datetime'));
    if (isNaN(d.getTime())) return;
    var local = document.createElement('span');
    local.className = 'local';
    local.textContent = ' (' + d.toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'short'}) + ' your time)';
    t.after(local);
  });
})();
