/**
 * The client's WebSocket conformance run: Autobahn|Testsuite's fuzzing server (on Jython, from Maven Central)
 * drives the client's link through every case.
 */
package dev.switchboard.client.autobahn;
