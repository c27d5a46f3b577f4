package dev.switchboard.fuzzing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Fuzzes one target in this JVM: {@code FuzzTargetMain <class> <method> <seconds>}, started with {@code JAZZER_FUZZ=1}
 * in the environment. Exits 0 when the target fuzzed for its time without a finding, 3 on a finding (Jazzer has then
 * saved the input beside the target's corpus) and 2 when the target did not run at all; the launcher's own 1 means the
 * JVM did not start, and any other code is the JVM ended by something else than this class (the fuzzer, a crash).
 */
public final class FuzzTargetMain {

    private FuzzTargetMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: FuzzTargetMain <class> <method> <seconds>");
            System.exit(2);
        }
        Class<?> testClass = Class.forName(args[0]);
        Method method = Arrays.stream(testClass.getDeclaredMethods())
                .filter(m -> m.getName().equals(args[1]))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no method " + args[1] + " in " + args[0]));
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(testClass, method))
                // Arguments Jazzer passes on to libFuzzer after its own, so this time wins over the annotation's
                // maxDuration; the first argument stands for the program name.
                .configurationParameter("jazzer.internal.arg.0", "fuzz")
                .configurationParameter("jazzer.internal.arg.1", "-max_total_time=" + Integer.parseInt(args[2]))
                // JUnit would time the whole run against the per-input @Timeout, which Jazzer applies to each input.
                .configurationParameter("junit.jupiter.execution.timeout.mode", "disabled")
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        summary.printTo(new PrintWriter(System.out, true));
        if (summary.getTotalFailureCount() > 0) {
            summary.printFailuresTo(new PrintWriter(System.out, true), 40);
            System.exit(3);
        }
        System.exit(summary.getTestsSucceededCount() > 0 ? 0 : 2);
    }
}
