/**
 * What the core tests share: awaiting a condition with a deadline instead of sleeping, a clock a test moves
 * by hand, configuration from a map, and a broker that records and passes on its node's announcements.
 */
package dev.switchboard.testing;
