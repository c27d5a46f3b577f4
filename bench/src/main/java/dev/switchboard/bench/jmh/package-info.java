/**
 * JMH micro-benchmarks of single components (the firewall's cost per message and per request), run only through
 * the {@code jmh} Maven profile of the bench module, never by the default build.
 */
package dev.switchboard.bench.jmh;
