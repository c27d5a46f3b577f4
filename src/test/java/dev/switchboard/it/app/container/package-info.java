/** A servlet of the application behind the container's own login, to show what it sees after Switchboard. */
package dev.switchboard.it.app.container;
