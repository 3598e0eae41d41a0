// Client-side checks that mirror the server's (the server checks again; this only saves the
// payer a round trip). No third-party code, no card data leaves this form except by its POST.
(function () {
  "use strict";
  var form = document.getElementById("card-form");
  if (!form) return;
  var fields = {
    name: document.getElementById("cardholder_name"),
    number: document.getElementById("card_number"),
    expires: document.getElementById("expires"),
    cvc: document.getElementById("cvc"),
  };
  var message = document.getElementById("client-error");

  function luhn(digits) {
    var sum = 0, double = false;
    for (var i = digits.length - 1; i >= 0; i--) {
      var d = digits.charCodeAt(i) - 48;
      if (double) { d *= 2; if (d > 9) d -= 9; }
      sum += d; double = !double;
    }
    return sum % 10 === 0;
  }

  function problems() {
    var out = [];
    var name = fields.name.value.trim();
    var number = fields.number.value.replace(/\s+/g, "");
    var expires = fields.expires.value.trim();
    var cvc = fields.cvc.value.trim();
    if (!/^[A-Za-z .'\-]{1,30}$/.test(name)) out.push([fields.name, "Enter the cardholder name in Latin letters (30 at most)."]);
    if (!/^\d{12,19}$/.test(number) || !luhn(number)) out.push([fields.number, "Enter a valid card number."]);
    var m = /^(\d{2})\/(\d{2})$/.exec(expires);
    if (!m || +m[1] < 1 || +m[1] > 12) {
      out.push([fields.expires, "Enter the expiry as MM/YY."]);
    } else {
      var now = new Date(), year = 2000 + +m[2], month = +m[1];
      if (year < now.getUTCFullYear() || (year === now.getUTCFullYear() && month < now.getUTCMonth() + 1))
        out.push([fields.expires, "This card has expired."]);
    }
    if (!/^\d{3,4}$/.test(cvc)) out.push([fields.cvc, "Enter the 3 or 4 digit security code."]);
    return out;
  }

  fields.number.addEventListener("input", function () {
    var digits = fields.number.value.replace(/\D/g, "").slice(0, 19);
    fields.number.value = digits.replace(/(\d{4})(?=\d)/g, "$1 ");
  });
  fields.expires.addEventListener("input", function () {
    var v = fields.expires.value.replace(/[^\d]/g, "").slice(0, 4);
    fields.expires.value = v.length > 2 ? v.slice(0, 2) + "/" + v.slice(2) : v;
  });

  form.addEventListener("submit", function (event) {
    Object.keys(fields).forEach(function (k) { fields[k].removeAttribute("aria-invalid"); });
    var found = problems();
    if (found.length) {
      event.preventDefault();
      found.forEach(function (p) { p[0].setAttribute("aria-invalid", "true"); });
      message.textContent = found[0][1];
      message.hidden = false;
      found[0][0].focus();
      return;
    }
    // The server wants digits only, as Direct Post does.
    fields.number.value = fields.number.value.replace(/\s+/g, "");
    document.getElementById("pay").disabled = true;
  });
})();
