/**
 * JSON text Switchboard writes by hand where a JSON library would cost more than it gives (a frame encoded once per
 * fan-out, a log line per event): the one way of quoting a string, shared by the sgc wire format and the embedded
 * server's JSON log lines.
 */
package dev.switchboard.json;
