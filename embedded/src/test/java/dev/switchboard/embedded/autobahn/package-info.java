/**
 * Autobahn|Testsuite conformance run: the real embedded server plus an echo handler, driven by the suite's
 * fuzzing client in a separate JVM during {@code mvn verify} (skipped with {@code -Dautobahn.skip=true}).
 */
package dev.switchboard.embedded.autobahn;
