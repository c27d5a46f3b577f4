package dev.switchboard.fuzzing;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** One {@code @FuzzTest} method, named {@code Class#method} by its simple class name as {@code ./fuzz} takes it. */
record FuzzTarget(String className, String method) {

    String simpleName() {
        return className.substring(className.lastIndexOf('.') + 1) + "#" + method;
    }

    /** A name for the target's log file. */
    String fileName() {
        return simpleName().replace('#', '_');
    }

    /**
     * Every {@code @FuzzTest} method of the compiled test classes under {@code classes} whose class is named
     * {@code *FuzzTest}, sorted by name, that one of {@code filters} selects ({@code Class}, {@code Class#method},
     * {@code *} for any run of characters); all of them when {@code filters} is empty.
     */
    static List<FuzzTarget> discover(Path classes, List<String> filters) {
        List<Pattern> patterns = filters.stream().map(FuzzTarget::pattern).toList();
        List<FuzzTarget> targets = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("FuzzTest.class"))
                    .toList()) {
                String relative = classes.relativize(file).toString();
                String className = relative.substring(0, relative.length() - ".class".length())
                        .replace(file.getFileSystem().getSeparator(), ".");
                for (Method method : Class.forName(className).getDeclaredMethods()) {
                    if (method.isAnnotationPresent(FuzzTest.class)) {
                        FuzzTarget target = new FuzzTarget(className, method.getName());
                        if (patterns.isEmpty()
                                || patterns.stream()
                                        .anyMatch(p ->
                                                p.matcher(target.simpleName()).matches())) {
                            targets.add(target);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("a compiled fuzz test class did not load", e);
        }
        targets.sort(Comparator.comparing(FuzzTarget::simpleName));
        return targets;
    }

    /** A filter as a pattern: a class name alone selects all its methods; {@code *} is any run of characters. */
    private static Pattern pattern(String filter) {
        String full = filter.contains("#") ? filter : filter + "#*";
        StringBuilder regex = new StringBuilder();
        for (String part : full.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
