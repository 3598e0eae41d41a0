// Small conveniences only; every page works without script.
(function () {
  'use strict';
  // "Copy" buttons next to URLs: data-copy names the id of the input holding the text.
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    button.addEventListener('click', function () {
      var field = document.getElementById(button.getAttribute('data-copy'));
      if (!field) return;
      field.select();
      if (navigator.clipboard) navigator.clipboard.writeText(field.value).catch(function () {});
      button.textContent = 'Copied';
    });
  });
  // Buttons that ask before acting: data-confirm holds the question.
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
    });
  });
})();
