package dev.switchboard.it.app.sgc;

/**
 * The result of {@link Calculator#add}, sent as {@code {"sum":..}}.
 *
 * @param sum the sum
 */
public record Sum(int sum) {}
