package dev.switchboard.it.app.sgc;

/**
 * What {@link Calculator#remember} keeps for a connection.
 *
 * @param text the text
 */
public record Note(String text) {}
