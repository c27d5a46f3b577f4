/**
 * The firewall: the first filter of the chain. Until its rules land it lets every request through, but it
 * already holds its place in the fixed filter order so nothing can be registered ahead of it.
 */
package dev.switchboard.firewall;
