/**
 * Operating a node: the drain that takes it out of service gracefully, and the operator's views on it.
 */
package dev.switchboard.ops;
