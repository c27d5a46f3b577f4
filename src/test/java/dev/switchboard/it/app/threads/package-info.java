/**
 * A probe deployed on its own next to Switchboard: it reports the server JVM's live threads, so a test can tell
 * whether undeploying Switchboard leaves any of its threads behind.
 */
package dev.switchboard.it.app.threads;
