/**
 * The scheduler Switchboard's components share: the container's managed scheduled executor on an application
 * server, or the one executor the embedded server owns, with an owned fallback that stops with the application.
 */
package dev.switchboard.schedule;
