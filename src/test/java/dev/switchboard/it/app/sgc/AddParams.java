package dev.switchboard.it.app.sgc;

/**
 * The params of {@link Calculator#add}, mapped from {@code {"a":..,"b":..}} by JSON-B.
 *
 * @param a the first addend
 * @param b the second addend
 */
public record AddParams(int a, int b) {}
