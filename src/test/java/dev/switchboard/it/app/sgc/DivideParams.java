package dev.switchboard.it.app.sgc;

/**
 * The params of {@link Calculator#divide}.
 *
 * @param dividend the dividend
 * @param divisor  the divisor; zero is refused with {@link Calculator#DIVISION_BY_ZERO}
 */
public record DivideParams(int dividend, int divisor) {}
