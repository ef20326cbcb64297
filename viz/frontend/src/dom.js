/* Safe DOM building: elements made with createElement and textContent only (no string from
 * the data is parsed as HTML; only http(s) URLs become links), and the live status region. */


// ------------------------------------------------------------------ safe DOM building
function safeHref(url) {
  if (typeof url !== "string") return null;
  try {
    var u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch (err) {
    return null;
  }
}

/* el("a", {class: "x", href: url, onclick: fn}, child, "text", ...): attribute names are
 * always literals of this file; values and children are set as text, never as HTML. */
export function el(tag, attrs) {
  var node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (key) {
    var value = attrs[key];
    if (value === null || value === undefined || value === false) return;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
    else if (key === "href") {
      var href = safeHref(value);
      if (href) {
        node.setAttribute("href", href);
        node.setAttribute("target", "_blank");
        node.setAttribute("rel", "noopener noreferrer");
      }
    } else node.setAttribute(key, value === true ? "" : String(value));
  });
  for (var i = 2; i < arguments.length; i++) {
    var child = arguments[i];
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof window.Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/* Say `text` to screen readers (the page's live status region). */
export function announce(text) {
  var box = document.getElementById("announce");
  if (box.textContent !== text) box.textContent = text;
}
