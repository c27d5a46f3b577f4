/**
 * End-to-end tests of the browser client and the demo pages in headless Chromium (Debian {@code chromium} driven
 * by {@code playwright-core}), and SSE scenarios with Node's {@code eventsource}: JUnit drivers that start the
 * embedded server and run the Node scripts of {@code src/test/browser}.
 */
package dev.switchboard.embedded.browser;
