package dev.switchboard.client.presence;

/**
 * A presence member as the server describes it.
 *
 * @param id   the member's id: its connection's id, given by the server
 * @param name the name it joined with
 * @param info the free text it joined with
 */
public record Member(String id, String name, String info) {}
