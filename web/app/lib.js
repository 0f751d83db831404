// lib.js - the third-party libraries, imported by path (no import map: the
// CSP allows no inline script). Preact's hooks import the bare specifier
// "preact", which a browser cannot resolve without an import map, so the
// app uses class components only.
import { h, render, Component, createRef, Fragment } from '/node_modules/preact/dist/preact.module.js';
import htm from '/node_modules/htm/dist/htm.module.js';

export const html = htm.bind(h);
export { h, render, Component, createRef, Fragment };
