package dev.switchboard.embedded.chaos;

/**
 * How big a chaos run is: the short form runs in the default build, the long form ({@code -Dchaos.long=true}) runs
 * the same test with more clients, messages and faults.
 */
final class ChaosScale {

    /** True when the long form was asked for. */
    static final boolean LONG = Boolean.getBoolean("chaos.long");

    private ChaosScale() {}

    /** {@code shortForm} in the default build, {@code longForm} in the long form. */
    static int pick(int shortForm, int longForm) {
        return LONG ? longForm : shortForm;
    }
}
